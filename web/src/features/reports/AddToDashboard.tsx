import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { createDashboard, dashboardsKey, fetchDashboards, updateDashboard } from "./api";
import { placeWidget } from "./layout";

const NEW = "__new__";

/** Puts the report on one of the user's dashboards (or a new one) and opens it. */
export function AddToDashboard({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<string>(NEW);
  const [name, setName] = useState("");
  const qc = useQueryClient();
  const navigate = useNavigate();
  const dashboards = useQuery({ queryKey: dashboardsKey, queryFn: fetchDashboards, enabled: open });
  const mine = (dashboards.data ?? []).filter((d) => d.mine);
  const add = useMutation({
    mutationFn: async () => {
      if (target === NEW) {
        return createDashboard({ name, visibility: "private", widgets: placeWidget([], reportId) });
      }
      const d = mine.find((x) => x.id === target);
      const widgets = (d?.widgets ?? []).map(({ hidden: _h, report: _r, ...w }) => w);
      return updateDashboard(target, { widgets: placeWidget(widgets, reportId) });
    },
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: dashboardsKey });
      void navigate({ to: "/dashboards/$id", params: { id: d.id } });
    },
  });
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpen(true)} data-testid="report-add-dashboard">
        {t("reports.addToDashboard")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("reports.addToDashboard")}>
        <Stack gap="sm">
          <Select
            label={t("reports.dashboard")}
            data={[
              { value: NEW, label: t("reports.newDashboard") },
              ...mine.map((d) => ({ value: d.id, label: d.name })),
            ]}
            value={target}
            allowDeselect={false}
            onChange={(v) => v && setTarget(v)}
          />
          {target === NEW && (
            <TextInput
              label={t("reports.name")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="dashboard-name"
            />
          )}
          {add.error && <div role="alert">{problemMessage(t, add.error)}</div>}
          <Group justify="flex-end">
            <Button
              onClick={() => add.mutate()}
              loading={add.isPending}
              disabled={target === NEW && !name.trim()}
              data-testid="dashboard-add-save"
            >
              {t("reports.add")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
