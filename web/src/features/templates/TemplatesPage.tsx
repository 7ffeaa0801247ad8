import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconEye, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { meQueryOptions } from "../auth";
import { deleteTemplate, type MessageTemplate, templatesQuery } from "./api";
import { TemplateEditor } from "./TemplateEditor";
import { TemplatePreview } from "./TemplatePreview";

/** Email and SMS templates: the user's personal ones and the shared ones. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const me = useQuery(meQueryOptions);
  const qc = useQueryClient();
  const [kind, setKind] = useState<"all" | "email" | "sms">("all");
  const list = useQuery(templatesQuery(kind === "all" ? undefined : kind));
  const [editing, setEditing] = useState<MessageTemplate | "new" | null>(null);
  const [previewing, setPreviewing] = useState<MessageTemplate | null>(null);
  const remove = useMutation({
    mutationFn: deleteTemplate,
    onSuccess: () => qc.invalidateQueries({ queryKey: ["templates"] }),
  });
  const perms = me.data?.adminPermissions ?? [];
  const canShare = perms.includes("*") || perms.includes("templates.manage");
  return (
    <Stack gap="md" p="md">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t("templates.title")}
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
          {t("templates.create")}
        </Button>
      </Group>
      <SegmentedControl
        value={kind}
        onChange={(v) => setKind(v as "all" | "email" | "sms")}
        data={[
          { value: "all", label: t("templates.kinds.all") },
          { value: "email", label: t("templates.kinds.email") },
          { value: "sms", label: t("templates.kinds.sms") },
        ]}
        w="fit-content"
      />
      {list.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("templates.empty")}
        </Text>
      )}
      <Stack gap="xs">
        {(list.data?.items ?? []).map((tpl) => (
          <Card key={tpl.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600}>{tpl.name}</Text>
                  <Badge size="xs" variant="light">
                    {t(`templates.kinds.${tpl.kind}`)}
                  </Badge>
                  <Badge size="xs" variant="outline" color={tpl.shared ? "blue" : "gray"}>
                    {tpl.shared ? t("templates.sharedBadge") : t("templates.personalBadge")}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {Object.keys(tpl.variants)
                    .map((l) => t(`templates.languages.${l}`))
                    .join(", ")}
                </Text>
              </Stack>
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t("templates.preview")}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("templates.preview")}
                    onClick={() => setPreviewing(tpl)}
                  >
                    <IconEye size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
                {tpl.canEdit && (
                  <>
                    <Tooltip label={t("templates.edit")}>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t("templates.edit")}
                        onClick={() => setEditing(tpl)}
                      >
                        <IconPencil size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t("templates.delete")}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("templates.delete")}
                        onClick={() => remove.mutate(tpl.id)}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </>
                )}
              </Group>
            </Group>
          </Card>
        ))}
      </Stack>
      {editing && (
        <TemplateEditor
          template={editing === "new" ? null : editing}
          canShare={canShare}
          onClose={() => setEditing(null)}
        />
      )}
      {previewing && <TemplatePreview template={previewing} onClose={() => setPreviewing(null)} />}
    </Stack>
  );
}
