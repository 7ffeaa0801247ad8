import { Alert, Anchor, Button, Group, List, Text } from "@mantine/core";
import { IconCopy } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { recordPath } from "./entityConfig";

export interface DuplicateMatch {
  id: string;
  name: string;
  reason: string;
}

/** Shown after a create whose response carried `possible_duplicate` warnings. */
export function DuplicateWarning({
  entity,
  createdId,
  matches,
  onClose,
}: {
  entity: "companies" | "contacts";
  createdId: string;
  matches: DuplicateMatch[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" icon={<IconCopy size={18} />} title={t("records.duplicates.title")} role="status">
      <Text size="sm" mb="xs">
        {t("records.duplicates.text")}
      </Text>
      <List size="sm" spacing={4}>
        {matches.map((m) => (
          <List.Item key={m.id}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={recordPath(entity, m.id) ?? "/"} onClick={onClose}>
                {m.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {t(`records.duplicates.reasons.${m.reason}`, { defaultValue: m.reason })}
              </Text>
              <Button
                renderRoot={(props) => (
                  <Link
                    to="/merge/$entity"
                    params={{ entity }}
                    search={{ ids: `${m.id},${createdId}` }}
                    {...props}
                  />
                )}
                size="compact-xs"
                variant="light"
                onClick={onClose}
              >
                {t("records.duplicates.merge")}
              </Button>
            </Group>
          </List.Item>
        ))}
      </List>
      <Group justify="flex-end" mt="sm">
        <Button size="xs" onClick={onClose}>
          {t("records.duplicates.keep")}
        </Button>
      </Group>
    </Alert>
  );
}
