import { ActionIcon, Group, Select, Stack, Text, Tooltip } from "@mantine/core";
import { IconUserMinus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { UserAvatar } from "../../../ui/people/UserAvatar";
import { adminUsersQuery, teamMembersQuery } from "../api";
import { notifyError, RowsSkeleton } from "../common";

/** A team's members; people join or leave by changing their team (PATCH /users/{id}). */
export function TeamMembers({ teamId }: { teamId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useQuery(teamMembersQuery(teamId));
  const users = useQuery(adminUsersQuery);
  const setTeam = useMutation({
    mutationFn: ({ userId, team }: { userId: string; team: string | null }) =>
      unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id: userId } }, body: { teamId: team } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["settings", "teams"] });
      void queryClient.invalidateQueries({ queryKey: ["settings", "users"] });
      void queryClient.invalidateQueries({ queryKey: ["directory"] });
    },
    onError: (error) => notifyError(t, error),
  });
  const memberIds = new Set((members.data ?? []).map((member) => member.id));
  const candidates = (users.data ?? [])
    .filter((user) => user.isActive && !memberIds.has(user.id))
    .map((user) => ({ value: user.id, label: user.name }));
  return (
    <Stack gap="xs">
      {members.isPending && <RowsSkeleton rows={2} height={24} />}
      {members.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("settings.teams.noMembers")}
        </Text>
      )}
      {(members.data ?? []).map((member) => (
        <Group key={member.id} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <UserAvatar user={member} size={24} />
            <Text size="sm" truncate>
              {member.name} · {member.email}
              {member.isActive ? "" : ` (${t("settings.users.inactive")})`}
            </Text>
          </Group>
          <Tooltip label={t("settings.teams.removeMember", { name: member.name })}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t("settings.teams.removeMember", { name: member.name })}
              onClick={() => setTeam.mutate({ userId: member.id, team: null })}
            >
              <IconUserMinus size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <Select
        label={t("settings.teams.addMember")}
        data={candidates}
        value={null}
        searchable
        onChange={(userId) => userId && setTeam.mutate({ userId, team: teamId })}
        disabled={setTeam.isPending}
      />
    </Stack>
  );
}
