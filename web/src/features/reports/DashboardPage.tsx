import { ActionIcon, Anchor, Box, Button, Group, Select, Stack, Text, Title, Tooltip } from "@mantine/core";
import {
  IconArrowDown,
  IconArrowLeft,
  IconArrowRight,
  IconArrowsMaximize,
  IconArrowsMinimize,
  IconArrowUp,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { dashboardPdfUrl, dashboardsKey, fetchDashboard, updateDashboard } from "./api";
import { DashboardWidget } from "./DashboardWidget";
import { COLUMNS, type Move, moveWidget } from "./layout";
import type { Visibility, Widget } from "./types";

const ROW = 80;

/**
 * A dashboard: widgets on a 12-column grid. The owner drags a widget to a new place (drop on the grid), or moves
 * and resizes it with the controls, then saves the layout; shares it with their team or everyone.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const { id } = useParams({ strict: false }) as { id: string };
  const qc = useQueryClient();
  const dashboard = useQuery({ queryKey: [...dashboardsKey, id], queryFn: () => fetchDashboard(id) });
  const [layout, setLayout] = useState<Widget[]>([]);
  const [dirty, setDirty] = useState(false);
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!dashboard.data) return;
    setLayout(dashboard.data.widgets.map(({ hidden: _h, report: _r, ...w }) => w));
    setDirty(false);
  }, [dashboard.data]);
  const save = useMutation({
    mutationFn: (body: { widgets?: Widget[]; visibility?: Visibility }) => updateDashboard(id, body),
    onSuccess: (d) => qc.setQueryData([...dashboardsKey, id], d),
  });
  const d = dashboard.data;
  if (!d) return null;
  const change = (widgetId: string, f: (w: Widget) => Widget | null) => {
    setLayout((all) =>
      all.flatMap((w) => (w.id === widgetId ? [f(w)].filter((x): x is Widget => !!x) : [w])),
    );
    setDirty(true);
  };
  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    const widgetId = e.dataTransfer.getData("text/plain");
    const box = grid.current?.getBoundingClientRect();
    if (!box || !widgetId) return;
    const x = Math.floor(((e.clientX - box.left) / box.width) * COLUMNS);
    const y = Math.floor((e.clientY - box.top) / ROW);
    change(widgetId, (w) => ({ ...w, x: Math.max(0, Math.min(COLUMNS - w.w, x)), y: Math.max(0, y) }));
  };
  const controls = (w: Widget) =>
    d.mine ? (
      <Group gap={2} wrap="nowrap">
        {(
          [
            ["left", IconArrowLeft],
            ["right", IconArrowRight],
            ["up", IconArrowUp],
            ["down", IconArrowDown],
            ["wider", IconArrowsMaximize],
            ["narrower", IconArrowsMinimize],
            ["taller", IconArrowDown],
            ["shorter", IconArrowUp],
          ] as const
        ).map(([move, Icon]) => (
          <Tooltip key={move} label={t(`reports.layout.${move}`)}>
            <ActionIcon
              size="xs"
              variant="subtle"
              aria-label={t(`reports.layout.${move}`)}
              onClick={() => change(w.id, (x) => moveWidget(x, move as Move))}
            >
              <Icon size={12} />
            </ActionIcon>
          </Tooltip>
        ))}
        <ActionIcon
          size="xs"
          variant="subtle"
          color="red"
          aria-label={t("reports.remove")}
          onClick={() => change(w.id, () => null)}
        >
          <IconTrash size={12} />
        </ActionIcon>
      </Group>
    ) : null;
  const shown = d.widgets.filter((w) => !w.hidden);
  return (
    <Stack p="md" gap="md">
      <Group justify="space-between">
        <Title order={2}>{d.name}</Title>
        <Group gap="xs">
          <Anchor href="/reports">{t("reports.allReports")}</Anchor>
          <Button
            component="a"
            href={dashboardPdfUrl(id)}
            variant="default"
            size="xs"
            data-testid="dashboard-pdf"
          >
            {t("reports.export.pdf")}
          </Button>
          {d.mine && (
            <Select
              aria-label={t("reports.share")}
              data={(["private", "team", "everyone"] as const).map((v) => ({
                value: v,
                label: t(`reports.visibility.${v}`),
              }))}
              value={d.visibility}
              allowDeselect={false}
              onChange={(v) => v && save.mutate({ visibility: v as Visibility })}
              w={170}
              size="xs"
              data-testid="dashboard-share"
            />
          )}
          {d.mine && dirty && (
            <Button
              size="xs"
              onClick={() => save.mutate({ widgets: layout })}
              loading={save.isPending}
              data-testid="dashboard-save-layout"
            >
              {t("reports.saveLayout")}
            </Button>
          )}
        </Group>
      </Group>
      {save.error && (
        <Text c="red" role="alert">
          {problemMessage(t, save.error)}
        </Text>
      )}
      {d.widgets.length > shown.length && (
        <Text fz="sm" c="dimmed">
          {t("reports.hiddenWidgets", { count: d.widgets.length - shown.length })}
        </Text>
      )}
      <Box
        ref={grid}
        onDragOver={(e) => d.mine && e.preventDefault()}
        onDrop={onDrop}
        style={{
          display: "grid",
          gridTemplateColumns: `repeat(${COLUMNS}, 1fr)`,
          gridAutoRows: ROW,
          gap: 12,
        }}
        data-testid="dashboard-grid"
      >
        {layout.map((w) => {
          const item = d.widgets.find((x) => x.id === w.id);
          if (!item || item.hidden) return null;
          return (
            <Box
              key={w.id}
              draggable={d.mine}
              onDragStart={(e) => e.dataTransfer.setData("text/plain", w.id)}
              style={{
                gridColumn: `${w.x + 1} / span ${w.w}`,
                gridRow: `${w.y + 1} / span ${w.h}`,
                minWidth: 0,
                overflow: "auto",
              }}
              data-testid="dashboard-widget"
            >
              <DashboardWidget dashboardId={id} widget={{ ...item, ...w }} actions={controls(w)} />
            </Box>
          );
        })}
      </Box>
    </Stack>
  );
}
