import { Alert, Loader, Table, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import { problemMessage } from "../../ui/problemMessages";
import type { WidgetRow } from "../analytics";
import { drillHref } from "./api";
import type { ReportResult } from "./types";

// ECharts is loaded only with the report pages (the analytics chart card).
const WidgetCard = lazy(() => import("../../ui/charts/WidgetCard").then((m) => ({ default: m.WidgetCard })));

interface Props {
  title: string;
  result: ReportResult | undefined;
  error?: unknown;
  loading?: boolean;
  /** Column headings (dimension and measure labels) in the user's language. */
  headings: Record<string, string>;
  actions?: React.ReactNode;
  height?: number;
}

/** A pivot table: first dimension down, second across, the first measure in the cells. */
function Pivot({ result, headings }: { result: ReportResult; headings: Record<string, string> }) {
  const name = (key: string, v: unknown) => {
    const type = result.columns.find((c) => c.key === key)?.type ?? "";
    return v === null || v === undefined ? "—" : (result.labels?.[type]?.[String(v)] ?? String(v));
  };
  const across = [...new Set(result.rows.map((r) => name("d1", r.d1)))];
  const down = [...new Set(result.rows.map((r) => name("d0", r.d0)))];
  const cell = (a: string, d: string) =>
    result.rows.find((r) => name("d0", r.d0) === d && name("d1", r.d1) === a)?.m0 ?? "";
  return (
    <Table striped withTableBorder fz="sm" data-testid="report-pivot">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{headings.d0}</Table.Th>
          {across.map((a) => (
            <Table.Th key={a}>{a}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {down.map((d) => (
          <Table.Tr key={d}>
            <Table.Td>{d}</Table.Td>
            {across.map((a) => (
              <Table.Td key={a}>{String(cell(a, d))}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A report result as a chart card (the analytics helper's WidgetCard) with drill-down to the list screen. */
export function ReportView({ title, result, error, loading, headings, actions, height }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const labelled = useMemo(
    () =>
      result && {
        ...result,
        columns: result.columns.map((c) => ({ ...c, label: c.label ?? headings[c.key] })),
      },
    [result, headings],
  );
  const onDrill = (row: WidgetRow) => {
    if (!result) return;
    const filter = result.drill[result.rows.indexOf(row)];
    if (filter) void navigate({ href: drillHref(result.entity, filter) });
  };
  if (error) {
    const fields = error instanceof ApiError ? error.fieldErrors : [];
    return (
      <Alert color="red" data-testid="report-error">
        {problemMessage(t, error)}
        {fields.map((f) => (
          <Text key={f.field} fz="sm">
            {f.field}: {f.message}
          </Text>
        ))}
      </Alert>
    );
  }
  if (labelled && (result?.chart.type as string) === "pivot") {
    return (
      <>
        <Text fw={600}>{title}</Text>
        <Pivot result={labelled} headings={headings} />
      </>
    );
  }
  return (
    <Suspense fallback={<Loader size="sm" />}>
      <WidgetCard
        title={title}
        result={labelled as never}
        status={loading ? <Loader size="xs" /> : undefined}
        onDrill={onDrill}
        canDrill={(row) => !!result?.drill[result.rows.indexOf(row)]}
        height={height}
        actions={actions}
      />
    </Suspense>
  );
}
