import {
  ActionIcon,
  Badge,
  Button,
  Group,
  ScrollArea,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconCopy, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { catalogQuery, type Role, rolesQuery } from "../api";
import { RowsSkeleton, SectionHeader } from "../common";
import { DeleteRoleDialog } from "./DeleteRoleDialog";
import { RoleEditor } from "./RoleEditor";

type Editing = { role: Role | null; template: Role | null };

export function RolesPage() {
  const { t } = useTranslation();
  const roles = useQuery(rolesQuery);
  const catalog = useQuery(catalogQuery);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  return (
    <Stack gap="md">
      <SectionHeader
        title={t("settings.nav.roles")}
        actions={
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            disabled={!catalog.data}
            onClick={() => setEditing({ role: null, template: null })}
          >
            {t("settings.roles.create")}
          </Button>
        }
      />
      {roles.isPending ? (
        <RowsSkeleton rows={5} />
      ) : (
        <ScrollArea type="auto">
          <Table striped miw={560} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("settings.roles.name")}</Table.Th>
                <Table.Th>{t("settings.roles.users")}</Table.Th>
                <Table.Th>{t("settings.roles.twoFactor")}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t("settings.actionsColumn")}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(roles.data ?? []).map((role) => (
                <Table.Tr key={role.id}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        {role.name}
                      </Text>
                      {role.isSystem && (
                        <Badge size="xs" variant="light">
                          {t("settings.roles.system")}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {role.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>{role.userCount}</Table.Td>
                  <Table.Td>{role.requireTwoFactor ? t("settings.yes") : t("settings.no")}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label={t("settings.edit")}>
                        <ActionIcon
                          variant="subtle"
                          disabled={!catalog.data}
                          aria-label={t("settings.roles.editRole", { name: role.name })}
                          onClick={() => setEditing({ role, template: null })}
                        >
                          <IconPencil size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t("settings.roles.clone")}>
                        <ActionIcon
                          variant="subtle"
                          disabled={!catalog.data}
                          aria-label={t("settings.roles.cloneRole", { name: role.name })}
                          onClick={() => setEditing({ role: null, template: role })}
                        >
                          <IconCopy size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t("settings.delete")}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          disabled={role.isSystem}
                          aria-label={t("settings.roles.deleteRole", { name: role.name })}
                          onClick={() => setDeleting(role)}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {editing && catalog.data && (
        <RoleEditor
          editing={editing.role}
          template={editing.template}
          catalog={catalog.data}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && <DeleteRoleDialog role={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}
