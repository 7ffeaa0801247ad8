import { Anchor, Button, Grid, Group, Select, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { emptyGroup, type FilterNode, fromFilter, toFilter } from "../../ui/filters/model";
import { problemMessage } from "../../ui/problemMessages";
import { useFields } from "../records";
import { AddToDashboard } from "./AddToDashboard";
import { createReport, exportUrl, fetchReport, reportsKey, runDefinition, updateReport } from "./api";
import { DefinitionForm } from "./DefinitionForm";
import { reportHeadings } from "./headings";
import { ReportView } from "./ReportView";
import { ScheduleDialog } from "./ScheduleDialog";
import type { ReportDefinition, Visibility } from "./types";
import { useDebounced } from "./useDebounced";

const START: ReportDefinition = { entity: "deals", groupBy: [], measures: [{ fn: "count" }], chart: "bar" };

/** Build a report: definition on the left, live preview (POST /reports/run) on the right, save and share. */
export function ReportBuilderPage() {
  const { t } = useTranslation();
  const params = useParams({ strict: false }) as { id?: string };
  const id = params.id && params.id !== "new" ? params.id : null;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const saved = useQuery({
    queryKey: [...reportsKey, id],
    queryFn: () => fetchReport(id as string),
    enabled: !!id,
  });
  const [definition, setDefinition] = useState<ReportDefinition>(START);
  const [filter, setFilter] = useState(emptyGroup());
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("private");
  useEffect(() => {
    if (!saved.data) return;
    setDefinition(saved.data.definition);
    setFilter(fromFilter((saved.data.definition.filter as FilterNode | null) ?? null));
    setName(saved.data.name);
    setVisibility(saved.data.visibility);
  }, [saved.data]);
  const { columns: fields } = useFields(definition.entity);
  const full = useMemo<ReportDefinition>(
    () => ({ ...definition, filter: (toFilter(filter) as Record<string, unknown> | null) ?? null }),
    [definition, filter],
  );
  const debounced = useDebounced(full);
  const preview = useQuery({
    queryKey: ["reports", "run", debounced],
    queryFn: () => runDefinition(debounced),
    retry: false,
    placeholderData: (prev) => prev,
  });
  const save = useMutation({
    mutationFn: () =>
      id
        ? updateReport(id, { name, definition: full, visibility })
        : createReport({ name, definition: full, visibility }),
    onSuccess: (report) => {
      void qc.invalidateQueries({ queryKey: reportsKey });
      if (!id) void navigate({ to: "/reports/$id", params: { id: report.id } });
    },
  });
  const headings = reportHeadings(full, fields, t);
  return (
    <Stack p="md" gap="md">
      <Group justify="space-between">
        <Title order={2}>{id ? name || t("reports.report") : t("reports.newReport")}</Title>
        <Anchor href="/reports">{t("reports.allReports")}</Anchor>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <DefinitionForm
            value={definition}
            onChange={setDefinition}
            fields={fields}
            filter={filter}
            onFilter={setFilter}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <ReportView
              title={name || t("reports.preview")}
              result={preview.data}
              error={preview.error}
              loading={preview.isFetching}
              headings={headings}
            />
            <Group align="flex-end" gap="sm">
              <TextInput
                label={t("reports.name")}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="report-name"
              />
              <Select
                label={t("reports.share")}
                data={(["private", "team", "everyone"] as const).map((v) => ({
                  value: v,
                  label: t(`reports.visibility.${v}`),
                }))}
                value={visibility}
                allowDeselect={false}
                onChange={(v) => v && setVisibility(v as Visibility)}
                w={180}
                data-testid="report-share"
              />
              <Button
                onClick={() => save.mutate()}
                loading={save.isPending}
                disabled={!name.trim()}
                data-testid="report-save"
              >
                {t("reports.save")}
              </Button>
            </Group>
            {save.error && <div role="alert">{problemMessage(t, save.error)}</div>}
            {id && (
              <Group gap="xs">
                {(["csv", "xlsx", "pdf"] as const).map((f) => (
                  <Button
                    key={f}
                    component="a"
                    href={exportUrl(id, f)}
                    variant="default"
                    size="xs"
                    data-testid={`report-export-${f}`}
                  >
                    {t(`reports.export.${f}`)}
                  </Button>
                ))}
                <ScheduleDialog reportId={id} />
                <AddToDashboard reportId={id} />
              </Group>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
