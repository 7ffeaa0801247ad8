import {
  ActionIcon,
  Anchor,
  Button,
  FileButton,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconEye, IconPaperclip, IconPencil, IconTrash, IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { problemMessage } from "../../ui/problemMessages";
import { useEntity } from "../records";
import { type FileDialog, FileDialogs } from "./FileDialogs";
import {
  downloadUrl,
  PREVIEW_KINDS,
  type RecordFile,
  recordFilesKey,
  uploadRecordFile,
  useRecordFiles,
} from "./filesApi";
import { useFileSize } from "./useFileSize";

interface Upload {
  key: number;
  name: string;
  percent: number;
}

let uploadKey = 0;

/** Whether files may be attached to this entity's records (the `files` capability of GET /meta/entities). */
export function useFilesEnabled(entity: string): boolean {
  const meta = useEntity(entity);
  return Boolean((meta?.capabilities as { files?: boolean } | undefined)?.files);
}

/** The Files panel of a record page: upload (button or drag and drop) with progress, preview, rename, delete. */
export function FilesPanel({ entity, id }: { entity: string; id: string }) {
  const enabled = useFilesEnabled(entity);
  if (!enabled) return null;
  return <FilesPanelBody entity={entity} id={id} />;
}

function FilesPanelBody({ entity, id }: { entity: string; id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const size = useFileSize();
  const client = useQueryClient();
  const files = useRecordFiles(entity, id);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [dialog, setDialog] = useState<FileDialog | null>(null);
  const canEdit = files.data?.canEdit ?? false;

  const refresh = () => client.invalidateQueries({ queryKey: recordFilesKey(entity, id) });
  const upload = (list: File[]) => {
    for (const file of list) {
      const key = ++uploadKey;
      setUploads((u) => [...u, { key, name: file.name, percent: 0 }]);
      const progress = (percent: number) =>
        setUploads((u) => u.map((x) => (x.key === key ? { ...x, percent } : x)));
      uploadRecordFile(entity, id, file, progress)
        .then(() => refresh())
        .catch((err: unknown) =>
          notifications.show({ color: "red", title: file.name, message: problemMessage(t, err) }),
        )
        .finally(() => setUploads((u) => u.filter((x) => x.key !== key)));
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (canEdit) upload([...event.dataTransfer.files]);
  };

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      onDragOver={(e: DragEvent) => {
        if (!canEdit) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      style={dragging ? { outline: "2px dashed var(--mantine-color-blue-5)" } : undefined}
      data-testid="files-panel"
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap={6}>
            <IconPaperclip size={18} />
            <Title order={2} size="h5">
              {t("files.title")}
            </Title>
          </Group>
          {canEdit ? (
            <FileButton onChange={(picked) => upload(picked)} multiple>
              {(props) => (
                <Button {...props} size="xs" variant="light" leftSection={<IconUpload size={14} />}>
                  {t("files.upload")}
                </Button>
              )}
            </FileButton>
          ) : null}
        </Group>
        {canEdit ? (
          <Text size="xs" c="dimmed">
            {dragging ? t("files.dropNow") : t("files.dropHint")}
          </Text>
        ) : null}
        {uploads.map((u) => (
          <Stack key={u.key} gap={2}>
            <Text size="sm" truncate="end">
              {t("files.uploading", { name: u.name })}
            </Text>
            <Progress value={u.percent} size="sm" aria-label={t("files.uploading", { name: u.name })} />
          </Stack>
        ))}
        {files.error ? (
          <Text size="sm" c="red">
            {problemMessage(t, files.error)}
          </Text>
        ) : null}
        {files.data && files.data.items.length === 0 && uploads.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("files.empty")}
          </Text>
        ) : null}
        {files.data?.items.map((file) => (
          <FileRow
            key={file.id}
            file={file}
            canEdit={canEdit}
            onDialog={setDialog}
            meta={`${size(file.size)} · ${format.dateTime(file.createdAt)}`}
          />
        ))}
      </Stack>
      <FileDialogs dialog={dialog} onClose={() => setDialog(null)} onChanged={refresh} />
    </Paper>
  );
}

function FileRow(props: {
  file: RecordFile;
  canEdit: boolean;
  meta: string;
  onDialog: (d: FileDialog) => void;
}) {
  const { t } = useTranslation();
  const { file } = props;
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Anchor href={downloadUrl(file.id)} size="sm" truncate="end" download={file.name}>
          {file.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {props.meta}
        </Text>
      </Stack>
      <Group gap={2} wrap="nowrap">
        {PREVIEW_KINDS.has(file.kind) ? (
          <Tooltip label={t("files.preview")}>
            <ActionIcon
              variant="subtle"
              aria-label={t("files.preview")}
              onClick={() => props.onDialog({ kind: "preview", file })}
            >
              <IconEye size={16} />
            </ActionIcon>
          </Tooltip>
        ) : null}
        <Tooltip label={t("files.download")}>
          <ActionIcon
            component="a"
            href={downloadUrl(file.id)}
            download={file.name}
            variant="subtle"
            aria-label={t("files.download")}
          >
            <IconDownload size={16} />
          </ActionIcon>
        </Tooltip>
        {props.canEdit ? (
          <>
            <Tooltip label={t("files.rename")}>
              <ActionIcon
                variant="subtle"
                aria-label={t("files.rename")}
                onClick={() => props.onDialog({ kind: "rename", file })}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t("files.delete")}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("files.delete")}
                onClick={() => props.onDialog({ kind: "delete", file })}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </>
        ) : null}
      </Group>
    </Group>
  );
}
