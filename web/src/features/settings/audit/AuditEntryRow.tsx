import { Badge, Code, Collapse, Group, Paper, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import type { AuditEntry } from "../api";
import { entityLabel } from "../common";
import { changeList, displayValue } from "./auditModel";

/** One audit entry; expands to the before → after of each changed field and the request details. */
export function AuditEntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [opened, { toggle }] = useDisclosure(false);
  const changes = changeList(entry.changes as Record<string, unknown> | null);
  const hasDetails = Object.keys(entry.details ?? {}).length > 0;
  const Chevron = opened ? IconChevronDown : IconChevronRight;
  return (
    <Paper withBorder p="xs">
      <UnstyledButton onClick={toggle} aria-expanded={opened} w="100%" style={{ borderRadius: 4 }}>
        <Group gap="xs" wrap="wrap">
          <Chevron size={16} aria-hidden />
          <Text size="sm" c="dimmed" miw={150}>
            {format.dateTime(entry.occurredAt)}
          </Text>
          <Badge variant="light" tt="none">
            {entry.action}
          </Badge>
          <Text size="sm">{entry.actor?.name ?? t("settings.audit.system")}</Text>
          {entry.entity && (
            <Text size="sm" c="dimmed">
              {entityLabel(t, entry.entity)}
            </Text>
          )}
          {changes.length > 0 && (
            <Text size="xs" c="dimmed">
              {t("settings.audit.changedFields", { count: changes.length })}
            </Text>
          )}
        </Group>
      </UnstyledButton>
      <Collapse expanded={opened}>
        <Stack gap="xs" mt="xs">
          {changes.length > 0 && (
            <Table withTableBorder verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("settings.audit.field")}</Table.Th>
                  <Table.Th>{t("settings.audit.before")}</Table.Th>
                  <Table.Th>{t("settings.audit.after")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Td>{change.field}</Table.Td>
                    <Table.Td c="red.7" style={{ wordBreak: "break-word" }}>
                      {displayValue(change.before)}
                    </Table.Td>
                    <Table.Td c="green.8" style={{ wordBreak: "break-word" }}>
                      {displayValue(change.after)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {hasDetails && <Code block>{JSON.stringify(entry.details, null, 2)}</Code>}
          <Text size="xs" c="dimmed">
            {[entry.ip, entry.userAgent, entry.requestId].filter(Boolean).join(" · ")}
          </Text>
        </Stack>
      </Collapse>
    </Paper>
  );
}
