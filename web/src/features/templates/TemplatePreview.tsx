import { Alert, Box, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { RecordPicker } from "../records/index.picker";
import {
  type MessageTemplate,
  previewTemplate,
  type Rendered,
  TEMPLATE_LANGUAGES,
  type TemplateLanguage,
  testSendTemplate,
} from "./api";
import { templateErrors } from "./templateErrors";

type PickerEntity = "contacts" | "companies" | "deals";
const ENTITIES: PickerEntity[] = ["contacts", "deals", "companies"];

/** Renders a template against a record the user may read (sandboxed frame for HTML) and mails a test to oneself. */
export function TemplatePreview({ template, onClose }: { template: MessageTemplate; onClose: () => void }) {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<PickerEntity>("contacts");
  const [recordId, setRecordId] = useState<string | null>(null);
  const [language, setLanguage] = useState<TemplateLanguage | null>(null);
  const [out, setOut] = useState<Rendered | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const input = () => ({
    ...(recordId ? { recordType: entity, recordId } : {}),
    ...(language ? { language } : {}),
  });
  const preview = useMutation({ mutationFn: () => previewTemplate(template.id, input()), onSuccess: setOut });
  const send = useMutation({
    mutationFn: () => testSendTemplate(template.id, input()),
    onSuccess: (r) => setSentTo(r.to),
  });
  const error = preview.error ?? send.error;
  return (
    <Modal opened onClose={onClose} size="xl" title={t("templates.previewTitle", { name: template.name })}>
      <Stack gap="sm">
        <Group grow align="flex-end">
          <Select
            label={t("templates.recordType")}
            value={entity}
            onChange={(v) => {
              setEntity((v as PickerEntity) ?? "contacts");
              setRecordId(null);
            }}
            data={ENTITIES.map((e) => ({ value: e, label: t(`nav.${e}`) }))}
          />
          <RecordPicker
            key={entity}
            entity={entity}
            label={t("templates.record")}
            value={recordId}
            onChange={setRecordId}
          />
          <Select
            label={t("templates.language")}
            placeholder={t("templates.languageAuto")}
            clearable
            value={language}
            onChange={(v) => setLanguage((v as TemplateLanguage) ?? null)}
            data={TEMPLATE_LANGUAGES.map((l) => ({ value: l, label: t(`templates.languages.${l}`) }))}
          />
        </Group>
        <Group>
          <Button onClick={() => preview.mutate()} loading={preview.isPending}>
            {t("templates.preview")}
          </Button>
          {template.kind === "email" && (
            <Button variant="light" onClick={() => send.mutate()} loading={send.isPending}>
              {t("templates.testSend")}
            </Button>
          )}
        </Group>
        {sentTo && <Alert color="green">{t("templates.testSent", { to: sentTo })}</Alert>}
        {error && (
          <Alert color="red">
            {templateErrors(t, error).map((e) => (
              <div key={e.text}>{e.text}</div>
            ))}
          </Alert>
        )}
        {out && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t("templates.renderedIn", { language: t(`templates.languages.${out.language}`) })}
            </Text>
            {out.subject !== null && <Text fw={600}>{out.subject}</Text>}
            {out.html !== null ? (
              <Box
                component="iframe"
                title={t("templates.preview")}
                sandbox=""
                srcDoc={out.html}
                style={{
                  width: "100%",
                  minHeight: 280,
                  border: "1px solid var(--mantine-color-default-border)",
                }}
              />
            ) : (
              <Text style={{ whiteSpace: "pre-wrap" }}>{out.text}</Text>
            )}
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
