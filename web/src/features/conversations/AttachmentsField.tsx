import { ActionIcon, Button, FileButton, Group, Menu, Stack, Text } from "@mantine/core";
import { IconFiles, IconPaperclip, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { withCsrf } from "../../api/csrf";
import { apiErrorFromResponse } from "../../api/problem";
import { FormAlert } from "../../ui/FormAlert";
import { problemMessage } from "../../ui/problemMessages";
import { useRecordFiles } from "../files";

export interface ComposerAttachment {
  key: string;
  name: string;
  size: number;
  ref: { uploadId: string } | { fileId: string };
}

/** Streams a file from the computer to the server (`POST /conversations/uploads`); the letter refers to it. */
async function upload(file: File): Promise<{ id: string; name: string; size: number }> {
  const headers = withCsrf("POST", new Headers({ "Content-Type": "application/octet-stream" }));
  const url = `/api/v1/conversations/uploads?name=${encodeURIComponent(file.name)}`;
  const response = await fetch(url, { method: "POST", body: file, headers, credentials: "same-origin" });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw apiErrorFromResponse(response, body);
  return body as { id: string; name: string; size: number };
}

/** Files of the letter: uploaded from the computer or picked among the record's files. */
export function AttachmentsField(props: {
  record?: { entity: string; id: string } | undefined;
  value: ComposerAttachment[];
  onChange: (next: ComposerAttachment[]) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The Files panel's own query (same key, same shape): a second fetcher under that key would break the other.
  const recordFiles = useRecordFiles(
    props.record?.entity ?? "",
    props.record?.id ?? "",
    Boolean(props.record),
  );
  const add = async (files: File[]) => {
    setBusy(true);
    setError(null);
    try {
      const added: ComposerAttachment[] = [];
      for (const file of files) {
        const up = await upload(file);
        added.push({ key: `u:${up.id}`, name: up.name, size: up.size, ref: { uploadId: up.id } });
      }
      props.onChange([...props.value, ...added]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const picked = new Set(props.value.map((a) => a.key));
  const candidates = (recordFiles.data?.items ?? []).filter((f) => !picked.has(`f:${f.id}`));
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <FileButton multiple onChange={(files) => void add(files)}>
          {(p) => (
            <Button {...p} size="xs" variant="light" leftSection={<IconPaperclip size={14} />} loading={busy}>
              {t("conversations.attach")}
            </Button>
          )}
        </FileButton>
        {props.record && candidates.length > 0 ? (
          <Menu>
            <Menu.Target>
              <Button size="xs" variant="subtle" leftSection={<IconFiles size={14} />}>
                {t("conversations.attachFromRecord")}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {candidates.map((f) => (
                <Menu.Item
                  key={f.id}
                  onClick={() =>
                    props.onChange([
                      ...props.value,
                      { key: `f:${f.id}`, name: f.name, size: f.size, ref: { fileId: f.id } },
                    ])
                  }
                >
                  {f.name}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {props.value.map((a) => (
        <Group key={a.key} gap={4}>
          <IconPaperclip size={14} aria-hidden />
          <Text size="sm">{a.name}</Text>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            aria-label={t("conversations.removeAttachment", { name: a.name })}
            onClick={() => props.onChange(props.value.filter((x) => x.key !== a.key))}
          >
            <IconX size={12} />
          </ActionIcon>
        </Group>
      ))}
      {error ? <FormAlert message={problemMessage(t, error)} /> : null}
    </Stack>
  );
}
