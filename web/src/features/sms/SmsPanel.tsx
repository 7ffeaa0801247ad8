import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconMessage } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { contactSmsQuery } from "./api";
import type { SmsPhone } from "./SendSmsDialog";

const SendSmsDialog = lazy(() => import("./SendSmsDialog").then((m) => ({ default: m.SendSmsDialog })));

const STATUS_COLOR: Record<string, string> = {
  delivered: "green",
  failed: "red",
  unknown: "orange",
  received: "blue",
};

/** The contact page's SMS card: recent messages with their delivery status and the "Send SMS" dialog. */
export function SmsPanel({ contactId, phones }: { contactId: string; phones: SmsPhone[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const list = useQuery(contactSmsQuery(contactId));
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t("sms.title")}
        </Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMessage size={14} aria-hidden />}
          onClick={() => setOpen(true)}
        >
          {t("sms.send")}
        </Button>
      </Group>
      <Stack gap={4}>
        {(list.data?.items ?? []).slice(0, 5).map((m) => (
          <Group key={m.id} gap="xs" wrap="nowrap">
            <Badge size="xs" variant="light" color={STATUS_COLOR[m.status] ?? "gray"}>
              {t(`sms.status.${m.status}`)}
            </Badge>
            <Text size="sm" lineClamp={1}>
              {m.direction === "in" ? "← " : "→ "}
              {m.text}
            </Text>
          </Group>
        ))}
        {list.data?.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("sms.none")}
          </Text>
        )}
      </Stack>
      {open && (
        <Suspense fallback={null}>
          <SendSmsDialog contactId={contactId} phones={phones} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </Paper>
  );
}
