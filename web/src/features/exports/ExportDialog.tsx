import { Button, Group, Modal, Progress, Radio, Stack, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { createExport, type ExportFormat, getExport, withExportExtras } from "./exportApi";

export interface ExportDialogProps {
  opened: boolean;
  onClose: () => void;
  /** API entity name: companies, contacts, deals, tasks. */
  entity: string;
  /** Field keys of the current view's visible columns, in order. */
  columns: string[];
  /** The list's current JSON filter and sort, as sent to the list endpoint. */
  filter?: string | undefined;
  /** The list's quick search (`?q=`), as sent to the list endpoint. */
  q?: string | undefined;
  sort?: string | undefined;
  /** Number of records the export covers (shown in the dialog). */
  total?: number | undefined;
  /** The list's count stopped at the server's cap: shown as "10,000+", as the list shows it. */
  capped?: boolean | undefined;
  /** Column labels as the list shows them (the file's header row, in the user's language). */
  labels?: Record<string, string> | undefined;
}

/** Choose the format, the server builds the file in the background (progress shown), then download it. */
export function ExportDialog(props: ExportDialogProps) {
  const { opened, onClose, entity, columns, filter, q, sort, total, capped, labels } = props;
  const { t } = useTranslation();
  const format = useFormat();
  const [fileFormat, setFormat] = useState<ExportFormat>("xlsx");
  const formats: ExportFormat[] = entity === "contacts" ? ["csv", "xlsx", "vcf"] : ["csv", "xlsx"];
  const start = useMutation({
    mutationFn: () =>
      createExport({
        entity,
        format: fileFormat,
        columns: withExportExtras(entity, columns),
        filter,
        ...(q ? { q } : {}),
        sort,
        labels,
      }),
  });
  const jobId = start.data?.id;
  const poll = useQuery({
    queryKey: ["exports", jobId],
    enabled: Boolean(jobId),
    queryFn: () => getExport(jobId ?? ""),
    refetchInterval: (query) =>
      query.state.data && ["completed", "failed"].includes(query.state.data.status) ? false : 1_000,
  });
  const job = poll.data ?? start.data;
  const error = start.error ?? poll.error;
  const close = () => {
    onClose();
    start.reset();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("exportDialog.title")}>
      <Stack gap="md">
        {total !== undefined ? (
          <Text size="sm">
            {t("exportDialog.records", {
              count: total,
              total: `${format.number(total)}${capped ? "+" : ""}`,
            })}
          </Text>
        ) : null}
        <Text size="sm" c="dimmed">
          {t("exportDialog.columns", { count: columns.length })}
        </Text>
        <Radio.Group
          label={t("exportDialog.format")}
          value={fileFormat}
          onChange={(value) => setFormat(value as ExportFormat)}
        >
          <Group mt="xs">
            {formats.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`exportDialog.formats.${value}`)}
                disabled={Boolean(job)}
              />
            ))}
          </Group>
        </Radio.Group>
        <FormAlert
          message={
            error
              ? problemMessage(t, error)
              : job?.status === "failed"
                ? (job.error ?? t("errors.generic"))
                : null
          }
        />
        {job && job.status !== "completed" && job.status !== "failed" ? (
          <Progress value={100} animated aria-label={t("exportDialog.preparing")} />
        ) : null}
        {job?.status === "completed" && job.rowCount !== null ? (
          <Text size="sm">{t("exportDialog.ready", { count: job.rowCount })}</Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.close")}
          </Button>
          {job?.status === "completed" ? (
            <Button
              component="a"
              href={job.downloadUrl}
              download
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              {t("exportDialog.download")}
            </Button>
          ) : (
            <Button
              onClick={() => start.mutate()}
              loading={start.isPending || Boolean(job && job.status !== "failed")}
            >
              {t("exportDialog.start")}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
