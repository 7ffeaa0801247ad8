import {
  ActionIcon,
  Badge,
  Card,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { useFormat } from "../../../i18n/useFormat";
import { apiTokensQuery, type CreatedApiToken } from "../api";
import { notifyError, RowsSkeleton } from "../common";
import { CreateTokenForm } from "./CreateTokenForm";
import { TokenCreatedDialog } from "./TokenCreatedDialog";

/** The signed-in user's own API tokens. */
export function ApiTokens() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const tokens = useQuery(apiTokensQuery);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/api-tokens/{id}", { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiTokensQuery.queryKey }),
    onError: (error) => notifyError(t, error),
  });
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4}>{t("settings.tokens.title")}</Title>
        <Text size="sm" c="dimmed">
          {t("settings.tokens.hint")}
        </Text>
        <CreateTokenForm
          onCreated={(token) => {
            setCreated(token);
            void queryClient.invalidateQueries({ queryKey: apiTokensQuery.queryKey });
          }}
        />
        {tokens.isPending && <RowsSkeleton rows={2} />}
        {tokens.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("settings.tokens.empty")}
          </Text>
        )}
        {(tokens.data?.length ?? 0) > 0 && (
          <ScrollArea type="auto">
            <Table miw={600} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("settings.tokens.name")}</Table.Th>
                  <Table.Th>{t("settings.tokens.created")}</Table.Th>
                  <Table.Th>{t("settings.tokens.lastUsed")}</Table.Th>
                  <Table.Th>{t("settings.tokens.expires")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("settings.actionsColumn")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(tokens.data ?? []).map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{token.name}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {token.prefix}…
                        </Text>
                        {token.readOnly && (
                          <Badge size="xs" variant="light">
                            {t("settings.tokens.readOnly")}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{format.date(token.createdAt)}</Table.Td>
                    <Table.Td>
                      {token.lastUsedAt ? format.relative(token.lastUsedAt) : t("settings.tokens.never")}
                    </Table.Td>
                    <Table.Td>
                      {token.expiresAt ? format.date(token.expiresAt) : t("settings.tokens.noExpiry")}
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t("settings.revoke")}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t("settings.tokens.revokeToken", { name: token.name })}
                          loading={revoke.isPending && revoke.variables === token.id}
                          onClick={() => revoke.mutate(token.id)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Stack>
      {created && <TokenCreatedDialog token={created} onClose={() => setCreated(null)} />}
    </Card>
  );
}
