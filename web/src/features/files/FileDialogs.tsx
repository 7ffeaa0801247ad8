import { Anchor, Button, Group, Image, Modal, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import { deleteFile, downloadUrl, type RecordFile, renameFile } from "./filesApi";

export type FileDialog =
  | { kind: "preview"; file: RecordFile }
  | { kind: "rename"; file: RecordFile }
  | { kind: "delete"; file: RecordFile };

/** Preview (image, or PDF in the browser's viewer), rename and delete-with-confirmation of one file. */
export function FileDialogs(props: {
  dialog: FileDialog | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { dialog } = props;
  return (
    <>
      <PreviewDialog file={dialog?.kind === "preview" ? dialog.file : null} onClose={props.onClose} />
      <RenameDialog
        file={dialog?.kind === "rename" ? dialog.file : null}
        onClose={props.onClose}
        onChanged={props.onChanged}
      />
      <DeleteDialog
        file={dialog?.kind === "delete" ? dialog.file : null}
        onClose={props.onClose}
        onChanged={props.onChanged}
      />
    </>
  );
}

function PreviewDialog({ file, onClose }: { file: RecordFile | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={file !== null} onClose={onClose} title={file?.name} size="xl">
      {file?.kind === "pdf" ? (
        // The server sends only sniffed PDFs inline (application/pdf, nosniff); the browser's viewer shows it.
        <object
          data={downloadUrl(file.id, true)}
          type="application/pdf"
          width="100%"
          height="600"
          aria-label={file.name}
        >
          <Anchor href={downloadUrl(file.id)} download={file.name}>
            {t("files.download")}
          </Anchor>
        </object>
      ) : file ? (
        <Image src={downloadUrl(file.id, true)} alt={file.name} fit="contain" mah="70vh" />
      ) : null}
    </Modal>
  );
}

function RenameDialog(props: { file: RecordFile | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  useEffect(() => setName(props.file?.name ?? ""), [props.file]);
  const rename = useMutation({
    mutationFn: () => renameFile(props.file?.id ?? "", name.trim()),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("files.renamed") });
      props.onChanged();
      props.onClose();
    },
  });
  return (
    <Modal opened={props.file !== null} onClose={props.onClose} title={t("files.rename")}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) rename.mutate();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t("files.name")}
            value={name}
            maxLength={255}
            onChange={(e) => setName(e.currentTarget.value)}
            error={rename.error ? problemMessage(t, rename.error) : undefined}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={rename.isPending} disabled={!name.trim()}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteDialog(props: { file: RecordFile | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const remove = useMutation({
    mutationFn: () => deleteFile(props.file?.id ?? ""),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("files.deleted") });
      props.onChanged();
      props.onClose();
    },
    onError: (err) => notifications.show({ color: "red", message: problemMessage(t, err) }),
  });
  return (
    <Modal opened={props.file !== null} onClose={props.onClose} title={t("files.deleteTitle")}>
      <Stack gap="sm">
        <Text size="sm">{t("files.deleteConfirm", { name: props.file?.name ?? "" })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t("common.cancel")}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t("files.delete")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
