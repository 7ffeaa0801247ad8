import { Select, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

const PRESETS = [
  { value: ",", key: "comma" },
  { value: ";", key: "semicolon" },
  { value: "\t", key: "tab" },
  { value: "|", key: "pipe" },
  { value: ":", key: "colon" },
  { value: "^", key: "caret" },
];
const OTHER = "other";
/** The server's rule: one character that is not a letter, digit, mark, quote, control or space (TAB allowed). */
export const VALID_DELIMITER = /^(?:\t|[^\p{L}\p{N}\p{M}\p{C}\p{Z}\s"'])$/u;

/** The CSV delimiter: a common one from the list, or any other single symbol typed in. */
export function DelimiterPicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (delimiter: string) => void;
}) {
  const { t } = useTranslation();
  const isPreset = PRESETS.some((p) => p.value === value);
  const [other, setOther] = useState(!isPreset);
  const [draft, setDraft] = useState(isPreset ? "" : value);
  const invalid = draft !== "" && !(draft.length === 1 && VALID_DELIMITER.test(draft));
  return (
    <>
      <Select
        label={t("importWizard.delimiter")}
        data={[
          ...PRESETS.map((p) => ({ value: p.value, label: t(`importWizard.delimiters.${p.key}`) })),
          { value: OTHER, label: t("importWizard.delimiters.other") },
        ]}
        value={other ? OTHER : value}
        onChange={(next) => {
          if (next === OTHER) setOther(true);
          else if (next) {
            setOther(false);
            onChange(next);
          }
        }}
        allowDeselect={false}
        w={180}
      />
      {other ? (
        <TextInput
          label={t("importWizard.customDelimiter")}
          value={draft}
          maxLength={2}
          w={200}
          error={invalid ? t("importWizard.customDelimiterInvalid") : undefined}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setDraft(next);
            if (next.length === 1 && VALID_DELIMITER.test(next)) onChange(next);
          }}
        />
      ) : null}
    </>
  );
}
