import {
  ActionIcon,
  Badge,
  Card,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconPencil, IconUserCheck, IconUserOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { UserAvatar } from "../../../ui/people/UserAvatar";
import type { AdminUser } from "../api";

export interface UserRowsProps {
  users: readonly AdminUser[];
  roleName: Map<string, string>;
  teamName: Map<string, string>;
  reactivatingId: string | null;
  onEdit: (user: AdminUser) => void;
  onDeactivate: (user: AdminUser) => void;
  onReactivate: (user: AdminUser) => void;
}

function UserActions({
  user,
  ...props
}: Omit<UserRowsProps, "users" | "roleName" | "teamName"> & { user: AdminUser }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label={t("settings.edit")}>
        <ActionIcon
          variant="subtle"
          aria-label={t("settings.users.editUser", { name: user.name })}
          onClick={() => props.onEdit(user)}
        >
          <IconPencil size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
      {user.isActive ? (
        <Tooltip label={t("settings.users.deactivate")}>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t("settings.users.deactivateUser", { name: user.name })}
            onClick={() => props.onDeactivate(user)}
          >
            <IconUserOff size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Tooltip label={t("settings.users.reactivate")}>
          <ActionIcon
            variant="subtle"
            color="green"
            aria-label={t("settings.users.reactivateUser", { name: user.name })}
            loading={props.reactivatingId === user.id}
            onClick={() => props.onReactivate(user)}
          >
            <IconUserCheck size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

function StatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? "green" : "gray"} variant="light" style={{ flexShrink: 0 }}>
      {active ? t("settings.users.active") : t("settings.users.inactive")}
    </Badge>
  );
}

/** Users as a table (cards on phones) with edit / deactivate / reactivate. */
export function UserRows({ users, roleName, teamName, ...actions }: UserRowsProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  const role = (user: AdminUser) => (user.roleId ? (roleName.get(user.roleId) ?? "—") : "—");
  const team = (user: AdminUser) => (user.teamId ? (teamName.get(user.teamId) ?? "—") : "—");
  if (phone)
    return (
      <Stack gap="xs">
        {users.map((user) => (
          <Card key={user.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs" wrap="nowrap">
                  <UserAvatar user={user} size={28} />
                  <Text fw={500}>{user.name}</Text>
                </Group>
                <Text size="sm" c="dimmed" style={{ wordBreak: "break-all" }}>
                  {user.email}
                </Text>
                <Text size="sm">
                  {role(user)} · {team(user)}
                </Text>
                <StatusBadge active={user.isActive} />
              </Stack>
              <UserActions user={user} {...actions} />
            </Group>
          </Card>
        ))}
      </Stack>
    );
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover miw={640} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("settings.users.name")}</Table.Th>
            <Table.Th>{t("settings.users.email")}</Table.Th>
            <Table.Th>{t("settings.users.role")}</Table.Th>
            <Table.Th>{t("settings.users.team")}</Table.Th>
            <Table.Th w={110}>{t("settings.users.status")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("settings.actionsColumn")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <Group gap="sm" wrap="nowrap">
                  <UserAvatar user={user} size={32} />
                  <div>
                    <Text size="sm" fw={500}>
                      {user.name}
                    </Text>
                    {user.position && (
                      <Text size="xs" c="dimmed">
                        {user.position}
                      </Text>
                    )}
                  </div>
                </Group>
              </Table.Td>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{role(user)}</Table.Td>
              <Table.Td>{team(user)}</Table.Td>
              <Table.Td>
                <StatusBadge active={user.isActive} />
              </Table.Td>
              <Table.Td>
                <UserActions user={user} {...actions} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
