import { Checkbox, Loader, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useRecordFiles } from "./filesApi";
import { useFileSize } from "./useFileSize";

/**
 * Pick some of a record's files (e.g. to attach to a letter): `value` holds file ids. Shows only what the user
 * may read; the server checks again when the ids are used.
 */
export function RecordFilePicker(props: {
  recordType: string;
  recordId: string;
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const size = useFileSize();
  const files = useRecordFiles(props.recordType, props.recordId);
  if (files.isLoading) return <Loader size="sm" />;
  const items = files.data?.items ?? [];
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t("files.empty")}
      </Text>
    );
  return (
    <Checkbox.Group label={t("files.pickerLabel")} value={props.value} onChange={props.onChange}>
      <Stack gap={4} mt={4}>
        {items.map((f) => (
          <Checkbox key={f.id} value={f.id} label={`${f.name} (${size(f.size)})`} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
