import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconPencil, IconPlus, IconSend, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { RowsSkeleton, SectionHeader } from "../settings";
import { deleteSmsProvider, type SmsProvider, smsProvidersQuery, testSmsProvider } from "./api";
import { ProviderDialog } from "./ProviderDialog";

/** Settings → SMS: providers, their callback URLs, a test send. */
export function SmsProvidersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery(smsProvidersQuery);
  const [editing, setEditing] = useState<SmsProvider | "new" | null>(null);
  const [testTo, setTestTo] = useState("");
  const remove = useMutation({
    mutationFn: deleteSmsProvider,
    onSuccess: () => qc.invalidateQueries({ queryKey: ["sms-providers"] }),
  });
  const test = useMutation({ mutationFn: (id: string) => testSmsProvider(id, testTo) });
  return (
    <Stack gap="md">
      <SectionHeader
        title={t("sms.providers.title")}
        description={t("sms.providers.description")}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
            {t("sms.providers.add")}
          </Button>
        }
      />
      {list.isPending && <RowsSkeleton rows={2} height={72} />}
      {list.data?.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("sms.providers.empty")}
        </Text>
      )}
      <TextInput
        label={t("sms.providers.testTo")}
        placeholder="+79991234567"
        value={testTo}
        onChange={(e) => setTestTo(e.currentTarget.value)}
        w={260}
      />
      {test.data && (
        <Alert color={test.data.ok ? "green" : "red"}>
          {test.data.ok ? t("sms.providers.testOk") : `${test.data.code}: ${test.data.message}`}
        </Alert>
      )}
      {test.error && <Alert color="red">{problemMessage(t, test.error)}</Alert>}
      {(list.data?.items ?? []).map((p) => (
        <Card key={p.id} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Text fw={600}>{p.name}</Text>
                <Badge size="xs" variant="light">
                  {t(`sms.providers.kinds.${p.kind}`)}
                </Badge>
                {p.isDefault && <Badge size="xs">{t("sms.providers.defaultBadge")}</Badge>}
              </Group>
              <Text size="xs" c="dimmed">
                {t("sms.providers.callbackUrl")}
              </Text>
              <Code style={{ wordBreak: "break-all" }}>{p.callbackUrl}</Code>
            </Stack>
            <Group gap={4} wrap="nowrap">
              <Tooltip label={t("sms.providers.test")}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t("sms.providers.test")}
                  disabled={!testTo}
                  loading={test.isPending}
                  onClick={() => test.mutate(p.id)}
                >
                  <IconSend size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("settings.edit")}>
                <ActionIcon variant="subtle" aria-label={t("settings.edit")} onClick={() => setEditing(p)}>
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("sms.providers.remove")}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t("sms.providers.remove")}
                  onClick={() => remove.mutate(p.id)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
        </Card>
      ))}
      {editing && (
        <ProviderDialog provider={editing === "new" ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}
