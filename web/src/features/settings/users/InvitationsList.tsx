import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { useFormat } from "../../../i18n/useFormat";
import { invitationsQuery } from "../api";
import { notifyError, notifySaved, RowsSkeleton } from "../common";

/** Pending and expired invitations with resend (a new 7-day link) and revoke. */
export function InvitationsList({ roleName }: { roleName: Map<string, string> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const invitations = useQuery(invitationsQuery);
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/invitations/{id}", { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["settings", "invitations"] }),
    onError: (error) => notifyError(t, error),
  });
  const resend = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/invitations/{id}/resend", { params: { path: { id } } })),
    onSuccess: (invitation) => {
      notifySaved(t, t("settings.users.invitationResent", { email: invitation.email }));
      void queryClient.invalidateQueries({ queryKey: ["settings", "invitations"] });
    },
    onError: (error) => notifyError(t, error),
  });
  const pending = (invitations.data ?? []).filter(
    (invitation) => invitation.status === "pending" || invitation.status === "expired",
  );
  return (
    <Stack gap="xs">
      <Title order={4}>{t("settings.users.pendingInvitations")}</Title>
      {invitations.isPending && <RowsSkeleton rows={2} height={56} />}
      {!invitations.isPending && pending.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("settings.users.noInvitations")}
        </Text>
      )}
      {pending.map((invitation) => (
        <Card key={invitation.id} withBorder padding="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                {invitation.name} · {invitation.email}
              </Text>
              <Text size="xs" c="dimmed">
                {t("settings.users.invitationMeta", {
                  role: roleName.get(invitation.roleId) ?? "—",
                  date: format.dateTime(invitation.expiresAt),
                })}
              </Text>
            </Stack>
            <Group gap="xs">
              {invitation.status === "expired" ? (
                <Badge variant="light" color="orange">
                  {t("settings.users.expired")}
                </Badge>
              ) : (
                <Badge variant="light">{t("settings.users.pending")}</Badge>
              )}
              <Button
                size="xs"
                variant="subtle"
                loading={resend.isPending && resend.variables === invitation.id}
                onClick={() => resend.mutate(invitation.id)}
                aria-label={t("settings.users.resendInvitation", { email: invitation.email })}
              >
                {t("settings.users.resend")}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                loading={revoke.isPending && revoke.variables === invitation.id}
                onClick={() => revoke.mutate(invitation.id)}
                aria-label={t("settings.users.revokeInvitation", { email: invitation.email })}
              >
                {t("settings.revoke")}
              </Button>
            </Group>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
