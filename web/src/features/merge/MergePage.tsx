import { Alert, Button, Group, Paper, Radio, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requestJson } from "../../api/client";
import { useFormat } from "../../i18n/useFormat";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { textOf } from "../../ui/table/cells";
import { TableEnvProvider } from "../../ui/table/TableEnv";
import { usePageTitle } from "../../ui/usePageTitle";
import { type EntityName, fetchList, fetchRecord } from "../records/api";
import { recordPath } from "../records/entityConfig";
import { useFields } from "../records/useFields";
import { useTableEnvValue } from "../records/useTableEnvValue";

const route = getRouteApi("/app/merge/$entity");
type Mergeable = "companies" | "contacts";

/** What moves to the survivor: linked tasks and deals of the merged record. */
function useMovePreview(entity: Mergeable, id: string | undefined) {
  const field = entity === "companies" ? "companyId" : "contactId";
  return useQuery({
    queryKey: ["merge-preview", entity, id],
    enabled: !!id,
    queryFn: async () => {
      const [tasks, deals] = await Promise.all([
        fetchList("tasks", { limit: 1, total: "true", linked: `${entity}:${id}`, view: "all" } as never),
        fetchList("deals", {
          limit: 1,
          total: "true",
          filter: JSON.stringify({ field, op: "eq", value: id }),
        }),
      ]);
      return { tasks: tasks.total?.count ?? 0, deals: deals.total?.count ?? 0 };
    },
  });
}

/** Merge two duplicates: choose the survivor and, per field, whose value to keep; then undo within 30 days. */
export function MergePage() {
  const { t } = useTranslation();
  usePageTitle(t("merge.title"));
  const { entity: rawEntity } = route.useParams();
  const { ids } = route.useSearch();
  const entity: Mergeable = rawEntity === "contacts" ? "contacts" : "companies";
  const [a, b] = ids.split(",").filter(Boolean);
  const records = useQueries({
    queries: [a, b].map((id) => ({
      queryKey: ["records", entity, "one", id],
      queryFn: () => fetchRecord(entity as EntityName, id ?? ""),
      enabled: !!id,
    })),
  });
  const { columns } = useFields(entity);
  const env = useTableEnvValue(entity);
  const format = useFormat(env.timeZone);
  const [survivor, setSurvivor] = useState(0);
  const [choices, setChoices] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ id?: string; undoUntil?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const loser = survivor === 0 ? b : a;
  const preview = useMovePreview(entity, loser);
  const [left, right] = records.map((r) => r.data);

  if (!a || !b) return <FormAlert message={t("merge.needTwo")} />;
  const failed = records.find((r) => r.error);
  if (failed?.error) return <FormAlert message={problemMessage(t, failed.error)} />;
  if (!left || !right) return <Skeleton height={300} />;

  const differing = columns.filter(
    (c) => c.editable && textOf(c, left, env, format) !== textOf(c, right, env, format),
  );
  const chosen = (key: string) => choices[key] ?? survivor;
  const merge = async () => {
    setBusy(true);
    setError(null);
    try {
      const fields = Object.fromEntries(differing.map((c) => [c.key, chosen(c.key) === 0 ? a : b]));
      const body = await requestJson("/api/v1/merge", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ entity, survivorId: survivor === 0 ? a : b, mergedIds: [loser], fields }),
      });
      setResult((body ?? {}) as { id?: string; undoUntil?: string });
    } catch (cause) {
      setError(problemMessage(t, cause));
    } finally {
      setBusy(false);
    }
  };
  const undo = async () => {
    if (!result?.id) return;
    try {
      await requestJson(`/api/v1/merge/${result.id}/undo`, { method: "POST" });
      setResult(null);
    } catch (cause) {
      setError(problemMessage(t, cause));
    }
  };
  const survivorId = survivor === 0 ? a : b;

  return (
    <TableEnvProvider value={env}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t("merge.title")}
        </Title>
        <FormAlert message={error} />
        {result ? (
          <Alert color="green" title={t("merge.done")}>
            <Group gap="sm">
              <Button component={Link} to={recordPath(entity, survivorId) ?? "/"} size="xs">
                {t("merge.openSurvivor")}
              </Button>
              {result.id ? (
                <Button size="xs" variant="light" onClick={undo}>
                  {t("merge.undo")}
                </Button>
              ) : null}
              <Text size="xs">{t("merge.undoHint")}</Text>
            </Group>
          </Alert>
        ) : null}
        <Paper withBorder p="md" radius="md">
          <Radio.Group
            label={t("merge.survivor")}
            value={String(survivor)}
            onChange={(v) => setSurvivor(Number(v))}
          >
            <Group mt="xs">
              <Radio value="0" label={String(left.name ?? "")} />
              <Radio value="1" label={String(right.name ?? "")} />
            </Group>
          </Radio.Group>
        </Paper>
        <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("merge.field")}</Table.Th>
                <Table.Th>{String(left.name ?? "")}</Table.Th>
                <Table.Th>{String(right.name ?? "")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((column) => (
                <Table.Tr key={column.key}>
                  <Table.Td>{column.label}</Table.Td>
                  {[left, right].map((record, index) => (
                    <Table.Td key={record.id}>
                      <Radio
                        name={column.key}
                        checked={chosen(column.key) === index}
                        onChange={() => setChoices({ ...choices, [column.key]: index })}
                        label={textOf(column, record, env, format) || "—"}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Text size="sm">
            {preview.data
              ? t("merge.moves", { tasks: preview.data.tasks, deals: preview.data.deals })
              : t("table.loading")}
          </Text>
          <Text size="xs" c="dimmed">
            {t("merge.movesActivities")}
          </Text>
        </Paper>
        <Group justify="flex-end">
          <Button onClick={merge} loading={busy} disabled={!!result} color="red">
            {t("merge.confirm")}
          </Button>
        </Group>
      </Stack>
    </TableEnvProvider>
  );
}
