import {
  Badge,
  Button,
  Card,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { useFormat } from "../../../i18n/useFormat";
import { meQueryKey } from "../../auth";
import { notifyError, RowsSkeleton } from "../common";

const sessionsKey = ["auth", "sessions"] as const;

/** The signed-in user's sessions: where they are signed in, end one, or sign out everywhere. */
export function MySessions() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const router = useRouter();
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: async () => (await unwrap(api.GET("/api/v1/auth/sessions"))).items,
  });
  const end = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/auth/sessions/{id}", { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsKey }),
    onError: (error) => notifyError(t, error),
  });
  const everywhere = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout-everywhere")),
    onSuccess: async () => {
      queryClient.setQueryData(meQueryKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      await router.navigate({ to: "/login", replace: true });
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t("sessions.title")}</Title>
          <Button
            variant="light"
            color="red"
            size="xs"
            loading={everywhere.isPending}
            onClick={() => everywhere.mutate()}
          >
            {t("sessions.logoutEverywhere")}
          </Button>
        </Group>
        {sessions.isPending ? <RowsSkeleton rows={2} /> : null}
        {sessions.data ? (
          <ScrollArea type="auto">
            <Table miw={560} verticalSpacing="xs" aria-label={t("sessions.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("sessions.device")}</Table.Th>
                  <Table.Th>{t("sessions.ip")}</Table.Th>
                  <Table.Th>{t("sessions.lastSeen")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("settings.actionsColumn")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.data.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" lineClamp={1}>
                          {session.userAgent || t("sessions.unknownDevice")}
                        </Text>
                        {session.current ? (
                          <Badge size="xs" variant="light">
                            {t("sessions.current")}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>{session.ip ?? "—"}</Table.Td>
                    <Table.Td>{format.relative(session.lastSeenAt ?? session.createdAt)}</Table.Td>
                    <Table.Td>
                      {session.current ? null : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          loading={end.isPending && end.variables === session.id}
                          onClick={() => end.mutate(session.id)}
                          aria-label={t("sessions.endOne", { device: session.userAgent || session.ip || "" })}
                        >
                          {t("sessions.end")}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        ) : null}
      </Stack>
    </Card>
  );
}
