import { Loader } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { requestJson } from "../../api/client";
import type { WidgetResult } from "../analytics";
import { drillHref, hasDrill } from "../analytics";
import { useFields } from "../records";
import { runWidget } from "./api";
import { reportHeadings } from "./headings";
import { ReportView } from "./ReportView";
import type { Dashboard } from "./types";

const WidgetCard = lazy(() => import("../../ui/charts/WidgetCard").then((m) => ({ default: m.WidgetCard })));

type Item = Dashboard["widgets"][number];

function ReportWidget({
  dashboardId,
  widget,
  actions,
}: {
  dashboardId: string;
  widget: Item;
  actions: React.ReactNode;
}) {
  const { t } = useTranslation();
  const report = widget.report;
  const { columns } = useFields(report?.definition.entity ?? "deals");
  const run = useQuery({
    queryKey: ["dashboards", dashboardId, "widget", widget.id, report?.definition],
    queryFn: () => runWidget(dashboardId, widget.id),
    enabled: !!report,
    retry: false,
  });
  if (!report) return null;
  return (
    <ReportView
      title={widget.title || report.name}
      result={run.data}
      error={run.error}
      loading={run.isFetching}
      headings={reportHeadings(report.definition, columns, t)}
      actions={actions}
      height={Math.max(160, widget.h * 80 - 140)}
    />
  );
}

interface CatalogueItem {
  id: string;
  path: string;
  available: boolean;
}

/** A built-in analytics widget from the analytics catalogue (`GET /api/v1/analytics/widgets`); hidden if unavailable. */
function BuiltinWidget({ widget, actions }: { widget: Item; actions: React.ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const catalogue = useQuery({
    queryKey: ["analytics", "widgets"],
    queryFn: async () =>
      ((await requestJson("/api/v1/analytics/widgets")) as { items: CatalogueItem[] }).items,
    retry: false,
  });
  const item = catalogue.data?.find((w) => w.id === widget.builtin && w.available);
  const result = useQuery({
    queryKey: ["analytics", "widget", item?.path],
    queryFn: async () => (await requestJson(item?.path as string)) as WidgetResult,
    enabled: !!item,
  });
  if (!item) return null;
  return (
    <Suspense fallback={<Loader size="sm" />}>
      <WidgetCard
        title={
          widget.title || t(`analytics.widgets.${widget.builtin}`, { defaultValue: widget.builtin ?? "" })
        }
        result={result.data}
        actions={actions}
        onDrill={
          hasDrill(result.data)
            ? (row, column) => {
                const href = drillHref(result.data, row, column);
                if (href) void navigate({ href });
              }
            : undefined
        }
      />
    </Suspense>
  );
}

export function DashboardWidget(props: { dashboardId: string; widget: Item; actions: React.ReactNode }) {
  if (props.widget.hidden) return null;
  return props.widget.kind === "builtin" ? (
    <BuiltinWidget widget={props.widget} actions={props.actions} />
  ) : (
    <ReportWidget {...props} />
  );
}
