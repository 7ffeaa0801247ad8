import { Alert, Button, Group, Paper, Radio, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { textOf } from "../../ui/table/cells";
import { TableEnvProvider } from "../../ui/table/TableEnv";
import { usePageTitle } from "../../ui/usePageTitle";
import { type AnyRecord, configOf, fetchRecord, recordPath, useFields } from "../records";
import { useTableEnvValue } from "../records/index.table";
import { type MergeResult, mergeRecords, undoMerge, useMovePreview } from "./mergeApi";

const route = getRouteApi("/app/merge/$entity");
const MAX_RECORDS = 21; // the survivor and at most 20 merged records (server limit)

/** Merge duplicates: choose the survivor and, per differing field, whose value to keep; undo within 30 days. */
export function MergePage() {
  const { t } = useTranslation();
  usePageTitle(t("merge.title"));
  const { entity: rawEntity } = route.useParams();
  const { ids: rawIds } = route.useSearch();
  const entity = rawEntity;
  const ids = [...new Set(rawIds.split(",").filter(Boolean))].slice(0, MAX_RECORDS);
  const queryClient = useQueryClient();
  const records = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["records", entity, "one", id],
      queryFn: () => fetchRecord(entity, id),
    })),
  });
  const { columns } = useFields(entity);
  const env = useTableEnvValue(entity);
  const format = useFormat(env.timeZone);
  const [survivorId, setSurvivorId] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<MergeResult | null>(null);
  const [undone, setUndone] = useState(false);
  const [busy, setBusy] = useState(false);
  const survivor = survivorId ?? ids[0] ?? "";
  const mergedIds = ids.filter((id) => id !== survivor);
  const preview = useMovePreview(entity, mergedIds);

  if (ids.length < 2) return <FormAlert message={t("merge.needTwo")} />;
  // After a merge the merged records are deleted, so their refetch answers 404: the result stays on screen.
  const failed = result ? undefined : records.find((r) => r.error);
  if (failed?.error) return <FormAlert message={problemMessage(t, failed.error)} />;
  const loaded = records.map((r) => r.data).filter((r): r is AnyRecord => Boolean(r));
  if (loaded.length !== ids.length) return <Skeleton height={300} />;

  const nameOf = (record: AnyRecord) => String(record[configOf(entity).primary] ?? "");
  const differing = columns.filter(
    (c) => c.editable && new Set(loaded.map((r) => textOf(c, r, env, format))).size > 1,
  );
  const chosen = (key: string) => choices[key] ?? survivor;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["records", entity] });
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await refresh();
    } catch (cause) {
      setError(problemMessage(t, cause));
    } finally {
      setBusy(false);
    }
  };
  const merge = () =>
    run(async () => {
      const fieldChoices = Object.fromEntries(differing.map((c) => [c.key, chosen(c.key)]));
      setResult(await mergeRecords({ entity, survivorId: survivor, mergedIds, fieldChoices }));
      setUndone(false);
    });
  const undo = () =>
    run(async () => {
      if (!result) return;
      await undoMerge(result.id);
      setResult(null);
      setUndone(true);
    });

  return (
    <TableEnvProvider value={env}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t("merge.title")}
        </Title>
        <FormAlert message={error} />
        {undone ? <Alert color="blue">{t("merge.undone")}</Alert> : null}
        {result ? (
          <Alert color="green" title={t("merge.done")}>
            <Group gap="sm">
              <Button component={Link} to={recordPath(entity, result.survivorId) ?? "/"} size="xs">
                {t("merge.openSurvivor")}
              </Button>
              <Button size="xs" variant="light" onClick={undo} loading={busy}>
                {t("merge.undo")}
              </Button>
              <Text size="xs">{t("merge.undoHint")}</Text>
            </Group>
          </Alert>
        ) : null}
        <Paper withBorder p="md" radius="md">
          <Radio.Group
            label={t("merge.survivor")}
            value={survivor}
            onChange={(id) => {
              setSurvivorId(id);
              setChoices({});
            }}
          >
            <Group mt="xs">
              {loaded.map((record) => (
                <Radio key={record.id} value={record.id} label={nameOf(record)} disabled={!!result} />
              ))}
            </Group>
          </Radio.Group>
        </Paper>
        <Paper withBorder radius="md" style={{ overflowX: "auto" }}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("merge.field")}</Table.Th>
                {loaded.map((record) => (
                  <Table.Th key={record.id}>{nameOf(record)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((column) => (
                <Table.Tr key={column.key}>
                  <Table.Td>{column.label}</Table.Td>
                  {loaded.map((record) => (
                    <Table.Td key={record.id}>
                      <Radio
                        name={column.key}
                        aria-label={t("merge.keepValue", { field: column.label, record: nameOf(record) })}
                        checked={chosen(column.key) === record.id}
                        disabled={!!result}
                        onChange={() => setChoices({ ...choices, [column.key]: record.id })}
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
