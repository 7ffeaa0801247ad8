import { Group, TextInput } from "@mantine/core";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { instantOf, wallTime } from "../../i18n/zoned";
import { DateField } from "./DateField";
import { parseTypedTime, typedTime } from "./parse";

export interface DateTimeFieldProps {
  label?: ReactNode;
  /** An ISO instant, `YYYY-MM-DD` when `allowDateOnly`, null, or refused text as typed. */
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  /** The user's profile time zone: what is typed is wall time there, whatever the browser's zone. */
  timeZone: string | undefined;
  /** A date without a time is kept as `YYYY-MM-DD` (a task due some time that day). */
  allowDateOnly?: boolean;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}

const pad = (n: number) => String(n).padStart(2, "0");
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Date and time texts of a value in `timeZone`. */
function split(
  value: string | null | undefined,
  timeZone: string | undefined,
): { day: string | null; time: string } {
  if (!value) return { day: null, time: "" };
  if (DAY.test(value)) return { day: value, time: "" };
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return { day: null, time: "" };
  const w = wallTime(instant, timeZone);
  return { day: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: typedTime(w.hour, w.minute) };
}

/** The value of a typed date and time: an instant of that wall time in `timeZone`. */
export function combine(
  day: string | null,
  time: string,
  timeZone: string | undefined,
  allowDateOnly: boolean,
): { value: string | null; timeError?: "invalid" | "missing" } {
  const parsedTime = parseTypedTime(time);
  if ("error" in parsedTime) return { value: `${day ?? ""} ${time}`.trim(), timeError: "invalid" };
  if (!day) return parsedTime.value ? { value: time.trim(), timeError: "missing" } : { value: null };
  if (!DAY.test(day)) return { value: `${day} ${time}`.trim() };
  if (!parsedTime.value) return allowDateOnly ? { value: day } : { value: day, timeError: "missing" };
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return {
    value: instantOf({ year, month, day: date, ...parsedTime.value }, timeZone).toISOString(),
  };
}

/** A typed date and time in the user's profile time zone (browser zone ignored); stored as a UTC instant. */
export function DateTimeField({
  label,
  value,
  onChange,
  timeZone,
  allowDateOnly = false,
  error,
  required,
  disabled,
  autoFocus,
}: DateTimeFieldProps) {
  const { t } = useTranslation();
  const initial = split(value, timeZone);
  const [day, setDay] = useState<string | null>(initial.day);
  const [time, setTime] = useState(initial.time);
  const [timeProblem, setTimeProblem] = useState<string | null>(null);

  // A value set from outside (or the profile zone arriving) re-splits; our own echoes change nothing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only outside changes re-split the value
  useEffect(() => {
    const own = combine(day, time, timeZone, allowDateOnly).value;
    if (own === (value ?? null)) return;
    const next = split(value, timeZone);
    if (value && !next.day) return;
    setDay(next.day);
    setTime(next.time);
  }, [value, timeZone]);

  const emit = (nextDay: string | null, nextTime: string) => {
    const result = combine(nextDay, nextTime, timeZone, allowDateOnly);
    onChange(result.value);
    return result;
  };
  const checkTime = () => {
    const result = combine(day, time, timeZone, allowDateOnly);
    setTimeProblem(
      result.timeError === "invalid"
        ? t("dates.invalidTime")
        : result.timeError === "missing" && (day || time)
          ? t(day ? "dates.needTime" : "dates.needDate")
          : null,
    );
  };
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <div style={{ flex: 3 }}>
        <DateField
          label={label}
          value={day}
          required={required}
          disabled={disabled}
          autoFocus={autoFocus}
          error={error}
          onChange={(next) => {
            setDay(next);
            emit(next, time);
          }}
        />
      </div>
      <TextInput
        style={{ flex: 2 }}
        label={t("dates.time")}
        placeholder={t("dates.timePattern")}
        inputMode="numeric"
        autoComplete="off"
        disabled={disabled}
        value={time}
        error={timeProblem}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setTime(next);
          if (timeProblem) setTimeProblem(null);
          emit(day, next);
        }}
        onBlur={checkTime}
      />
    </Group>
  );
}
