import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Tabs,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type MessageTemplate,
  saveTemplate,
  TEMPLATE_LANGUAGES,
  type TemplateBody,
  type TemplateLanguage,
} from "./api";
import { type TemplateError, templateErrors } from "./templateErrors";
import { VariablePicker } from "./VariablePicker";

type Variants = Partial<Record<TemplateLanguage, { subject?: string | null; body: string }>>;

/** Create or edit a template: name, kind, shared, per-language subject/body with the variable picker. */
export function TemplateEditor({
  template,
  canShare,
  onClose,
}: {
  template: MessageTemplate | null;
  canShare: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(template?.name ?? "");
  const [kind, setKind] = useState<"email" | "sms">(template?.kind ?? "email");
  const [shared, setShared] = useState(template?.shared ?? false);
  const [defaultLanguage, setDefaultLanguage] = useState<TemplateLanguage>(template?.defaultLanguage ?? "en");
  const [variants, setVariants] = useState<Variants>(
    (template?.variants as Variants) ?? { en: { subject: "", body: "" } },
  );
  const [tab, setTab] = useState<TemplateLanguage>(template?.defaultLanguage ?? "en");
  const [errors, setErrors] = useState<TemplateError[]>([]);
  const save = useMutation({
    mutationFn: () => {
      const clean: Variants = {};
      for (const l of TEMPLATE_LANGUAGES) {
        const v = variants[l];
        if (v?.body.trim())
          clean[l] = kind === "email" ? { subject: v.subject ?? "", body: v.body } : { body: v.body };
      }
      const body = { kind, name, shared, defaultLanguage, variants: clean } as TemplateBody;
      return saveTemplate(template?.id ?? null, body);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["templates"] });
      onClose();
    },
    onError: (e) => setErrors(templateErrors(t, e)),
  });
  const current = variants[tab] ?? { subject: "", body: "" };
  const setCurrent = (patch: Partial<{ subject: string; body: string }>) =>
    setVariants((v) => ({ ...v, [tab]: { ...(v[tab] ?? { subject: "", body: "" }), ...patch } }));
  return (
    <Modal opened onClose={onClose} size="xl" title={template ? t("templates.edit") : t("templates.create")}>
      <Stack gap="sm">
        <Group grow align="flex-end">
          <TextInput
            label={t("templates.name")}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <Select
            label={t("templates.kind")}
            value={kind}
            disabled={!!template}
            onChange={(v) => setKind((v as "email" | "sms") ?? "email")}
            data={[
              { value: "email", label: t("templates.kinds.email") },
              { value: "sms", label: t("templates.kinds.sms") },
            ]}
          />
          <Select
            label={t("templates.defaultLanguage")}
            value={defaultLanguage}
            onChange={(v) => setDefaultLanguage((v as TemplateLanguage) ?? "en")}
            data={TEMPLATE_LANGUAGES.map((l) => ({ value: l, label: t(`templates.languages.${l}`) }))}
          />
        </Group>
        {canShare && (
          <Checkbox
            label={t("templates.shared")}
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
        )}
        <Tabs value={tab} onChange={(v) => setTab((v as TemplateLanguage) ?? "en")}>
          <Tabs.List>
            {TEMPLATE_LANGUAGES.map((l) => (
              <Tabs.Tab key={l} value={l}>
                {t(`templates.languages.${l}`)}
                {variants[l]?.body.trim() ? " •" : ""}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group justify="flex-end">
          <VariablePicker onPick={(v) => setCurrent({ body: `${current.body}${v}` })} />
        </Group>
        {kind === "email" && (
          <TextInput
            label={t("templates.subject")}
            value={current.subject ?? ""}
            onChange={(e) => setCurrent({ subject: e.currentTarget.value })}
          />
        )}
        <Textarea
          label={kind === "email" ? t("templates.bodyHtml") : t("templates.bodySms")}
          value={current.body}
          onChange={(e) => setCurrent({ body: e.currentTarget.value })}
          autosize
          minRows={6}
          maxRows={18}
          styles={{ input: { fontFamily: "monospace" } }}
        />
        {errors.length > 0 && (
          <Alert color="red" title={t("templates.invalid")}>
            <Stack gap={2}>
              {errors.map((e) => (
                <div key={`${e.field}${e.text}`}>
                  {e.field ? <code>{e.field}</code> : null} {e.text}
                </div>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate()} disabled={!name.trim()}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
