import { ActionIcon, Button, Card, Group, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { IconPencil, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { adminUsersQuery, type Team, teamsQuery } from "../api";
import { RowsSkeleton, SectionHeader } from "../common";
import { TeamDialog } from "./TeamDialog";

export function TeamsPage() {
  const { t } = useTranslation();
  const teams = useQuery(teamsQuery);
  const users = useQuery(adminUsersQuery);
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const userName = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  return (
    <Stack gap="md">
      <SectionHeader
        title={t("settings.nav.teams")}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
            {t("settings.teams.create")}
          </Button>
        }
      />
      {teams.isPending && <RowsSkeleton rows={3} height={72} />}
      {teams.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("settings.teams.empty")}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {(teams.data ?? []).map((team) => (
          <Card key={team.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600}>{team.name}</Text>
                <Text size="sm" c="dimmed">
                  {t("settings.teams.head")}: {team.headId ? (userName.get(team.headId) ?? "—") : "—"}
                </Text>
                <Text size="sm" c="dimmed">
                  {t("settings.teams.memberCount", { count: team.memberCount })}
                </Text>
              </Stack>
              <Tooltip label={t("settings.edit")}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t("settings.teams.editTeam", { name: team.name })}
                  onClick={() => setEditing(team)}
                >
                  <IconPencil size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
      {editing && <TeamDialog team={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
