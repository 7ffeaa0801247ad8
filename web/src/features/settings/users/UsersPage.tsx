import { Button, Stack } from "@mantine/core";
import { IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { type AdminUser, adminUsersQuery, rolesQuery, teamsQuery } from "../api";
import { notifyError, notifySaved, RowsSkeleton, SectionHeader } from "../common";
import { HandoverWizard } from "./HandoverWizard";
import { InvitationsList } from "./InvitationsList";
import { InviteDialog } from "./InviteDialog";
import { OrphanedRecords } from "./OrphanedRecords";
import { UserEditDialog } from "./UserEditDialog";
import { UserRows } from "./UserRows";

export function UsersPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery(adminUsersQuery);
  const roles = useQuery(rolesQuery);
  const teams = useQuery(teamsQuery);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [leaving, setLeaving] = useState<AdminUser | null>(null);
  const [inviting, setInviting] = useState(false);
  const roleName = new Map((roles.data ?? []).map((role) => [role.id, role.name]));
  const teamName = new Map((teams.data ?? []).map((team) => [team.id, team.name]));

  const reactivate = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/users/{id}/reactivate", { params: { path: { id } } })),
    onSuccess: () => {
      notifySaved(t, t("settings.users.reactivated"));
      void queryClient.invalidateQueries({ queryKey: ["settings", "users"] });
    },
    onError: (error) => notifyError(t, error),
  });

  return (
    <Stack gap="lg">
      <SectionHeader
        title={t("settings.nav.users")}
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setInviting(true)}>
            {t("settings.users.invite")}
          </Button>
        }
      />
      {users.isPending ? (
        <RowsSkeleton rows={6} />
      ) : (
        <UserRows
          users={users.data ?? []}
          roleName={roleName}
          teamName={teamName}
          reactivatingId={reactivate.isPending ? (reactivate.variables ?? null) : null}
          onEdit={setEditing}
          onDeactivate={setLeaving}
          onReactivate={(user) => reactivate.mutate(user.id)}
        />
      )}
      <InvitationsList roleName={roleName} />
      <OrphanedRecords />
      {editing && <UserEditDialog user={editing} onClose={() => setEditing(null)} />}
      {leaving && <HandoverWizard user={leaving} onClose={() => setLeaving(null)} />}
      <InviteDialog opened={inviting} onClose={() => setInviting(false)} />
    </Stack>
  );
}
