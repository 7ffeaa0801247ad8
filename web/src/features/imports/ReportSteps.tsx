import { Alert, Anchor, Button, Group, List, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { errorsCsvUrl } from "./importApi";
import { progressPercent } from "./importModel";
import { ProblemList } from "./ProblemList";
import { SearchCatchingUp } from "./SearchCatchingUp";
import type { ImportJob } from "./types";

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  const format = useFormat();
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700} c={color}>
        {format.number(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

/** Whether the options let rows in with per-cell problems, which the report lists even when no row failed. */
const reportsCells = (job: ImportJob) =>
  job.options.invalidValues === "dropValue" || job.options.invalidPhones === "keepAsText";

function ErrorsLink({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const kinds = [
    ...(job.options.invalidValues === "dropValue" ? (["dropped"] as const) : []),
    ...(job.options.invalidPhones === "keepAsText" ? (["kept"] as const) : []),
  ];
  return (
    <Stack gap={4}>
      <Anchor href={errorsCsvUrl(job.id)} download size="sm">
        <Group gap={4} component="span">
          <IconDownload size={16} aria-hidden />
          {t("importWizard.downloadErrors")}
        </Group>
      </Anchor>
      <ProblemList
        importId={job.id}
        version={`${job.status}-${job.progress.processed}-${job.progress.failed}`}
      />
      {kinds.length > 0 ? (
        <List size="xs" c="dimmed" data-testid="import-report-kinds">
          {kinds.map((kind) => (
            <List.Item key={kind}>
              <Text span size="xs" ff="monospace">
                {kind}
              </Text>
              {" — "}
              {t(`importWizard.reportKind.${kind}`)}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}

/** Dry-run report: what would happen, with the per-row problems as errors.csv. */
export function ReviewStep({
  job,
  pending,
  onBack,
  onRun,
}: {
  job: ImportJob;
  pending: boolean;
  onBack: () => void;
  onRun: () => void;
}) {
  const { t } = useTranslation();
  const counts = job.dryRun;
  if (!counts) return null;
  return (
    <Stack gap="md" data-testid="import-dry-run">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t("importWizard.counts.total")} value={counts.total} />
        <Stat label={t("importWizard.counts.toCreate")} value={counts.toCreate} color="teal" />
        <Stat label={t("importWizard.counts.toUpdate")} value={counts.toUpdate} color="blue" />
        {counts.companiesToCreate ? (
          <Stat
            label={t("importWizard.counts.companiesToCreate")}
            value={counts.companiesToCreate}
            color="teal"
          />
        ) : null}
        <Stat label={t("importWizard.counts.toSkip")} value={counts.toSkip} />
        <Stat label={t("importWizard.counts.duplicates")} value={counts.duplicates} />
        <Stat
          label={t("importWizard.counts.invalid")}
          value={counts.invalid}
          color={counts.invalid ? "red" : undefined}
        />
      </SimpleGrid>
      {counts.invalid > 0 ? (
        <Alert color={job.options.skipInvalidRows ? "yellow" : "red"}>
          <Stack gap={4}>
            <Text size="sm">
              {job.options.invalidValues === "dropValue"
                ? t("importWizard.invalidDropped")
                : job.options.skipInvalidRows
                  ? t("importWizard.invalidSkipped")
                  : t("importWizard.invalidBlocking")}
            </Text>
            <ErrorsLink job={job} />
          </Stack>
        </Alert>
      ) : reportsCells(job) ? (
        <ErrorsLink job={job} />
      ) : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("common.back")}
        </Button>
        <Button
          onClick={onRun}
          loading={pending}
          disabled={counts.invalid > 0 && !job.options.skipInvalidRows}
        >
          {t("importWizard.run")}
        </Button>
      </Group>
    </Stack>
  );
}

/** The dry run in progress: the share of the file checked, the rows checked and invalid so far. */
export function CheckingStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="xs" data-testid="import-checking">
      <Text fw={500}>{t("importWizard.checking")}</Text>
      <Progress
        value={job.progress.checkedPercent}
        size="xl"
        animated
        aria-label={t("importWizard.checkProgress")}
      />
      <Text size="sm" c="dimmed" aria-live="polite">
        {t("importWizard.checkedRows", {
          rows: format.number(job.progress.processed),
          invalid: format.number(job.progress.failed),
        })}
      </Text>
    </Stack>
  );
}

/** The run in progress; its owner may stop it, which undoes what it wrote so far (the server's revert). */
export function RunningStep({
  job,
  cancelling,
  onCancel,
}: {
  job: ImportJob;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = progressPercent(job.progress);
  return (
    <Stack gap="xs">
      <Progress value={percent} size="xl" animated aria-label={t("importWizard.progress")} />
      <Text size="sm" c="dimmed" aria-live="polite">
        {t("importWizard.processed", {
          done: format.number(job.progress.processed),
          total: format.number(job.progress.total),
        })}
      </Text>
      {job.status === "running" ? (
        <Group>
          <Button color="red" variant="subtle" onClick={onCancel} loading={cancelling}>
            {t("importWizard.cancelRun")}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

export function ResultStep({
  job,
  reverting,
  onRevert,
  onRestart,
}: {
  job: ImportJob;
  reverting: boolean;
  onRevert: () => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const p = job.progress;
  return (
    <Stack gap="md" data-testid="import-result">
      <Alert color={job.status === "failed" ? "red" : job.status === "reverted" ? "gray" : "teal"}>
        {t(`importWizard.status.${job.status}`, { defaultValue: job.status })}
        {job.error ? ` — ${job.error}` : ""}
      </Alert>
      <SearchCatchingUp job={job} />
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t("importWizard.counts.created")} value={p.created} color="teal" />
        <Stat label={t("importWizard.counts.updated")} value={p.updated} color="blue" />
        {p.companiesCreated ? (
          <Stat label={t("importWizard.counts.companiesCreated")} value={p.companiesCreated} color="teal" />
        ) : null}
        <Stat label={t("importWizard.counts.skipped")} value={p.skipped} />
        <Stat label={t("importWizard.counts.failed")} value={p.failed} color={p.failed ? "red" : undefined} />
      </SimpleGrid>
      {p.failed > 0 || p.skipped > 0 || reportsCells(job) ? <ErrorsLink job={job} /> : null}
      <Group>
        {job.status === "completed" ? (
          <Button color="red" variant="light" onClick={onRevert} loading={reverting}>
            {t("importWizard.undo")}
          </Button>
        ) : null}
        <Button variant="default" onClick={onRestart}>
          {t("importWizard.another")}
        </Button>
      </Group>
    </Stack>
  );
}
