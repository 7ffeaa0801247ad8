import { Button, Group, Modal, Progress, Radio, Stack, Text } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
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
  sort?: string | undefined;
  /** Number of records the export covers (shown in the dialog). */
  total?: number | undefined;
}

/** Choose the format, the server builds the file in the background (progress shown), then download it. */
export function ExportDialog({ opened, onClose, entity, columns, filter, sort, total }: ExportDialogProps) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>("xlsx");
  const formats: ExportFormat[] = entity === "contacts" ? ["csv", "xlsx", "vcf"] : ["csv", "xlsx"];
  const start = useMutation({
    mutationFn: () =>
      createExport({ entity, format, columns: withExportExtras(entity, columns), filter, sort }),
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
        {total !== undefined ? <Text size="sm">{t("exportDialog.records", { count: total })}</Text> : null}
        <Text size="sm" c="dimmed">
          {t("exportDialog.columns", { count: columns.length })}
        </Text>
        <Radio.Group
          label={t("exportDialog.format")}
          value={format}
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
