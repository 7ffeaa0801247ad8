import { Button, Card, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { notifyError } from "../settings";
import { type Created, templatesQuery } from "./api";
import { useEditorLookups } from "./editorContext";

/** The built-in templates: pick one (and its stage when it needs one) to create a disabled rule. */
export function TemplatesModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (c: Created) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language.slice(0, 2);
  const templates = useQuery(templatesQuery(language));
  const ctx = useEditorLookups();
  const [stage, setStage] = useState<Record<string, string | null>>({});
  const create = useMutation({
    mutationFn: (key: string) =>
      unwrap(
        api.POST("/api/v1/automation-templates/{key}/rules", {
          params: { path: { key } },
          body: {
            language: (["en", "ru", "sr", "kk"].includes(language) ? language : "en") as "en",
            enabled: false,
            ...(stage[key] ? { stageId: stage[key] as string } : {}),
          },
        }),
      ),
    onSuccess: onCreated,
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={t("automations.templates")}>
      <Stack gap="sm">
        {(templates.data ?? []).map((tpl) => (
          <Card key={tpl.key} withBorder padding="sm" data-testid={`template-${tpl.key}`}>
            <Stack gap={6}>
              <Text fw={600}>{tpl.name}</Text>
              <Text size="sm" c="dimmed">
                {tpl.description}
              </Text>
              <Group justify="space-between" align="flex-end">
                {tpl.needs.includes("stageId") ? (
                  <Select
                    label={t("automations.stage")}
                    data={ctx.stages}
                    value={stage[tpl.key] ?? null}
                    onChange={(v) => setStage((s) => ({ ...s, [tpl.key]: v }))}
                  />
                ) : (
                  <span />
                )}
                <Button
                  size="xs"
                  onClick={() => create.mutate(tpl.key)}
                  disabled={tpl.needs.includes("stageId") && !stage[tpl.key]}
                >
                  {t("automations.useTemplate")}
                </Button>
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
    </Modal>
  );
}
