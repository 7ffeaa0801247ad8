import { Checkbox, Group, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { StoredFilePicker } from "./StoredFilePicker";

type Attachment = { kind: "file"; fileId: string } | { kind: "recordFiles"; nameContains?: string };

/**
 * Files a letter from a mailbox carries: the triggering record's files (optionally those whose name contains a
 * text), read as the rule's owner when it runs, and one stored file picked by name. Further stored files set
 * through the API are kept as they are.
 */
export function EmailAttachments({
  value,
  ruleId,
  onChange,
}: {
  value: unknown;
  ruleId?: string;
  onChange: (attachments: Attachment[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const list = (Array.isArray(value) ? value : []) as Attachment[];
  const record = list.find((a) => a.kind === "recordFiles");
  const stored = list.find((a) => a.kind === "file");
  const others = list.filter((a) => a !== record && a !== stored);
  const save = (next: { record?: Attachment | null; stored?: Attachment | null }) => {
    const r = next.record === undefined ? record : next.record;
    const s = next.stored === undefined ? stored : next.stored;
    const all = [...(r ? [r] : []), ...(s ? [s] : []), ...others];
    onChange(all.length > 0 ? all : undefined);
  };
  return (
    <Stack gap={6}>
      <Group grow align="flex-end">
        <Checkbox
          label={t("automations.attachRecordFiles")}
          checked={Boolean(record)}
          onChange={(e) => save({ record: e.currentTarget.checked ? { kind: "recordFiles" } : null })}
        />
        {record && (
          <TextInput
            label={t("automations.attachNameContains")}
            value={record.nameContains ?? ""}
            onChange={(e) => {
              const nameContains = e.currentTarget.value;
              save({
                record: nameContains ? { kind: "recordFiles", nameContains } : { kind: "recordFiles" },
              });
            }}
          />
        )}
      </Group>
      <StoredFilePicker
        value={stored?.kind === "file" ? stored.fileId : null}
        ruleId={ruleId}
        onChange={(fileId) => save({ stored: fileId ? { kind: "file", fileId } : null })}
      />
    </Stack>
  );
}
