import { Checkbox, Group, Select, Stack, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { StoredFilePicker } from "./StoredFilePicker";

type Attachment =
  | { kind: "file"; fileId: string }
  | { kind: "recordFiles"; nameContains?: string }
  | { kind: "document"; templateId: string };

/**
 * Files a letter from a mailbox carries: the triggering record's files (optionally those whose name contains a
 * text), read as the rule's owner when it runs, one stored file picked by name, and one PDF generated from an
 * email template for the record (`templates`: those the step may use). Further ones set through the API are kept.
 */
export function EmailAttachments({
  value,
  ruleId,
  templates,
  onChange,
}: {
  value: unknown;
  ruleId?: string;
  templates: { value: string; label: string }[];
  onChange: (attachments: Attachment[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const list = (Array.isArray(value) ? value : []) as Attachment[];
  const record = list.find((a) => a.kind === "recordFiles");
  const stored = list.find((a) => a.kind === "file");
  const document = list.find((a) => a.kind === "document");
  const others = list.filter((a) => a !== record && a !== stored && a !== document);
  const save = (next: {
    record?: Attachment | null;
    stored?: Attachment | null;
    document?: Attachment | null;
  }) => {
    const r = next.record === undefined ? record : next.record;
    const s = next.stored === undefined ? stored : next.stored;
    const d = next.document === undefined ? document : next.document;
    const all = [...(r ? [r] : []), ...(s ? [s] : []), ...(d ? [d] : []), ...others];
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
      <Select
        label={t("automations.attachDocument")}
        description={t("automations.attachDocumentHint")}
        data={templates}
        searchable
        clearable
        value={document?.kind === "document" ? document.templateId : null}
        onChange={(templateId) => save({ document: templateId ? { kind: "document", templateId } : null })}
      />
    </Stack>
  );
}
