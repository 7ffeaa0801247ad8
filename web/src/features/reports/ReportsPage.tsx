import { ActionIcon, Anchor, Badge, Button, Group, Menu, Stack, Table, Text, Title } from "@mantine/core";
import { IconDots } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import {
  dashboardsKey,
  deleteDashboard,
  deleteReport,
  duplicateReport,
  fetchDashboards,
  fetchReports,
  reportsKey,
} from "./api";

/** Saved reports and dashboards the user can see (own and shared), with copy and delete. */
export function ReportsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const reports = useQuery({ queryKey: reportsKey, queryFn: fetchReports });
  const dashboards = useQuery({ queryKey: dashboardsKey, queryFn: fetchDashboards });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: reportsKey });
    void qc.invalidateQueries({ queryKey: dashboardsKey });
  };
  const copy = useMutation({
    mutationFn: duplicateReport,
    onSuccess: (r) => {
      refresh();
      void navigate({ to: "/reports/$id", params: { id: r.id } });
    },
  });
  const remove = useMutation({ mutationFn: deleteReport, onSuccess: refresh });
  const removeDashboard = useMutation({ mutationFn: deleteDashboard, onSuccess: refresh });
  return (
    <Stack p="md" gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t("reports.title")}</Title>
        <Button component={Link} to="/reports/new" data-testid="reports-new">
          {t("reports.newReport")}
        </Button>
      </Group>
      <Table striped highlightOnHover data-testid="reports-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.name")}</Table.Th>
            <Table.Th>{t("reports.owner")}</Table.Th>
            <Table.Th>{t("reports.share")}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(reports.data ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={`/reports/${r.id}`}>
                  {r.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.ownerName}</Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`reports.visibility.${r.visibility}`)}</Badge>
              </Table.Td>
              <Table.Td>
                <Menu>
                  <Menu.Target>
                    <ActionIcon variant="subtle" aria-label={t("reports.actions")}>
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => copy.mutate(r.id)}>{t("reports.duplicate")}</Menu.Item>
                    {r.mine && (
                      <Menu.Item color="red" onClick={() => remove.mutate(r.id)}>
                        {t("reports.remove")}
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {reports.data?.length === 0 && <Text c="dimmed">{t("reports.none")}</Text>}
      <Title order={3}>{t("reports.dashboards")}</Title>
      <Stack gap="xs" data-testid="dashboards-list">
        {(dashboards.data ?? []).map((d) => (
          <Group key={d.id} gap="sm">
            <Anchor component={Link} to={`/dashboards/${d.id}`}>
              {d.name}
            </Anchor>
            <Text fz="sm" c="dimmed">
              {d.ownerName} · {t(`reports.visibility.${d.visibility}`)}
            </Text>
            {d.mine && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => removeDashboard.mutate(d.id)}
              >
                {t("reports.remove")}
              </Button>
            )}
          </Group>
        ))}
        {dashboards.data?.length === 0 && <Text c="dimmed">{t("reports.noDashboards")}</Text>}
      </Stack>
    </Stack>
  );
}
