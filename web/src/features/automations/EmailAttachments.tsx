import { Checkbox, Group, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

type Attachment = { kind: "file"; fileId: string } | { kind: "recordFiles"; nameContains?: string };

/**
 * Files a letter from a mailbox carries: the triggering record's files (optionally those whose name contains a
 * text), read as the rule's owner when it runs. Stored files set through the API are kept as they are.
 */
export function EmailAttachments({
  value,
  onChange,
}: {
  value: unknown;
  onChange: (attachments: Attachment[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const list = (Array.isArray(value) ? value : []) as Attachment[];
  const record = list.find((a) => a.kind === "recordFiles");
  const others = list.filter((a) => a.kind !== "recordFiles");
  const set = (r: Attachment | null) => {
    const next = r ? [...others, r] : others;
    onChange(next.length > 0 ? next : undefined);
  };
  return (
    <Group grow align="flex-end">
      <Checkbox
        label={t("automations.attachRecordFiles")}
        checked={Boolean(record)}
        onChange={(e) => set(e.currentTarget.checked ? { kind: "recordFiles" } : null)}
      />
      {record && (
        <TextInput
          label={t("automations.attachNameContains")}
          value={record.nameContains ?? ""}
          onChange={(e) => {
            const nameContains = e.currentTarget.value;
            set(nameContains ? { kind: "recordFiles", nameContains } : { kind: "recordFiles" });
          }}
        />
      )}
    </Group>
  );
}
