import { Alert, Grid, Loader, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import { WidgetCard } from "../../ui/charts/WidgetCard";
import { usePageTitle } from "../../ui/usePageTitle";
import { AnalyticsFilters } from "./AnalyticsFilters";
import { type CatalogItem, catalogQuery, widgetQuery } from "./api";
import { drillHref, hasDrill } from "./drill";
import { type AnalyticsSearch, DASHBOARDS, type Dashboard, isDashboard } from "./search";
import { DASHBOARD_WIDGETS, type WidgetSlot } from "./widgets";

/** The built-in dashboards: sales, team performance, activity monitoring and channels, with shared filters. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const params = useParams({ strict: false }) as { dashboard?: string };
  const dashboard: Dashboard = params.dashboard && isDashboard(params.dashboard) ? params.dashboard : "sales";
  const search = useSearch({ strict: false }) as AnalyticsSearch;
  const navigate = useNavigate();
  usePageTitle(`${t(`analytics.dashboards.${dashboard}`)} · ${t("analytics.title")}`);
  const catalog = useQuery(catalogQuery);
  const byId = new Map((catalog.data?.items ?? []).map((w) => [w.id, w]));
  const slots = DASHBOARD_WIDGETS[dashboard].filter((s) => byId.get(s.id)?.available);

  return (
    <Stack gap="md" p="md">
      <Title order={1} fz="h2">
        {t("analytics.title")}
      </Title>
      <Tabs
        value={dashboard}
        onChange={(d) =>
          d && navigate({ to: "/analytics/$dashboard", params: { dashboard: d }, search: (s: object) => s })
        }
      >
        <Tabs.List>
          {DASHBOARDS.map((d) => (
            <Tabs.Tab key={d} value={d}>
              {t(`analytics.dashboards.${d}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <AnalyticsFilters
        value={search}
        withBucket={dashboard === "activity"}
        onChange={(next) =>
          navigate({
            to: "/analytics/$dashboard",
            params: { dashboard },
            search: next as Record<string, string>,
          })
        }
      />
      {catalog.isPending && <Loader size="sm" />}
      {catalog.isError && <Alert color="red">{t("analytics.failed")}</Alert>}
      <Grid>
        {slots.map((slot) => {
          const item = byId.get(slot.id);
          return item ? (
            <Grid.Col key={slot.id} span={{ base: 12, lg: slot.span }}>
              <DashboardWidget slot={slot} item={item} filters={search} />
            </Grid.Col>
          ) : null;
        })}
      </Grid>
    </Stack>
  );
}

function DashboardWidget({
  slot,
  item,
  filters,
}: {
  slot: WidgetSlot;
  item: CatalogItem;
  filters: AnalyticsSearch;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useQuery(widgetQuery(item.path, filters));
  const result = query.data;
  const hidden = query.error instanceof ApiError && query.error.code === "analytics_field_hidden";
  const status = query.isPending ? (
    <Loader size="sm" />
  ) : query.isError ? (
    <Text c={hidden ? "dimmed" : "red"} fz="sm">
      {t(hidden ? "analytics.unavailable" : "analytics.failed")}
    </Text>
  ) : null;
  return (
    <WidgetCard
      title={t(slot.titleKey)}
      result={result}
      status={status}
      height={slot.height}
      onDrill={
        hasDrill(result)
          ? (row, column) => {
              const href = drillHref(result, row, column);
              if (href) void navigate({ href });
            }
          : undefined
      }
    />
  );
}
