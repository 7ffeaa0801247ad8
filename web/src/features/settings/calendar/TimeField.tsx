import { TextInput } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseTypedTime, typedTime } from "../../../ui/dates/parse";

/** A typed time as the calendar stores it (`HH:MM`, 24-hour; `24:00` ends a day), or null when it is not one. */
export function calendarTime(text: string): string | null {
  const typed = text.trim();
  if (/^24([:.\s]?00)?$/.test(typed)) return "24:00";
  const parsed = parseTypedTime(typed);
  return "value" in parsed && parsed.value ? typedTime(parsed.value.hour, parsed.value.minute) : null;
}

export interface TimeFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: React.ReactNode;
  disabled?: boolean;
  label?: string;
  "aria-label"?: string;
}

/**
 * Working hours typed as people write them — `9.30`, `9:30`, `930`, `17` (24-hour, whatever the browser's own
 * clock format), shown as `09:30` once the field is left; text that is not a time says so and reaches the form
 * as typed (the form or the server refuses it).
 */
export function TimeField({ value, onChange, error, disabled, label, ...rest }: TimeFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [invalid, setInvalid] = useState(false);
  // A new value from outside (the server's, a reset) replaces the text; the echo of what is being typed does not.
  useEffect(() => {
    setText((current) => ((calendarTime(current) ?? current) === value ? current : value));
  }, [value]);
  return (
    <TextInput
      label={label}
      aria-label={rest["aria-label"]}
      placeholder={t("dates.timePattern")}
      value={text}
      disabled={disabled}
      maw={110}
      inputMode="numeric"
      error={invalid ? t("dates.invalidTime") : error}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        setInvalid(false);
        onChange(calendarTime(next) ?? next);
      }}
      onBlur={() => {
        const time = calendarTime(text);
        if (time) setText(time);
        setInvalid(!time && text.trim() !== "");
      }}
    />
  );
}
