import "@mantine/dates/styles.css";
import { ActionIcon, Popover, TextInput } from "@mantine/core";
import { DatePicker, DatesProvider } from "@mantine/dates";
import { IconCalendar } from "@tabler/icons-react";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { datesSettings } from "./datesLocale";
import { type DateParse, parseTypedDate, typedDate } from "./parse";

export interface DateFieldProps {
  label?: ReactNode;
  /** `YYYY-MM-DD`, null, or (after refused typing) the text as typed. */
  value: string | null | undefined;
  /** Gets `YYYY-MM-DD`, null when cleared, or the typed text when it is not a date (never a guess). */
  onChange: (value: string | null) => void;
  error?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  /** A birthday: two-digit years are past, and an empty calendar opens at decades. */
  birthday?: boolean;
  description?: ReactNode;
  "data-autofocus"?: boolean;
  onKeyDown?: (event: React.KeyboardEvent<HTMLInputElement>) => void;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function useDateMessage() {
  const { t } = useTranslation();
  return (result: DateParse) =>
    "error" in result
      ? t(result.error === "ambiguous" ? "dates.ambiguous" : "dates.invalid", { pattern: t("dates.pattern") })
      : null;
}

/**
 * A date typed in the interface language's order (`12.03.1985`) or picked from a localized calendar. Text
 * that is not a date shows why next to the input and reaches the form as typed, so it cannot be saved as
 * some other day.
 */
export function DateField({
  label,
  value,
  onChange,
  error,
  birthday,
  required,
  disabled,
  autoFocus,
  description,
  onKeyDown,
  ...rest
}: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const message = useDateMessage();
  const [text, setText] = useState(() => typedDate(value, language));
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const valid = value && ISO_DAY.test(value) ? value : null;

  // A value set from outside (calendar, reset, another language) shows in the typed form.
  useEffect(() => {
    setText((current) => {
      const parsed = parseTypedDate(current, language, { past: birthday });
      const same = "value" in parsed ? parsed.value === (value ?? null) : current === value;
      return same ? current : typedDate(value, language);
    });
  }, [value, language, birthday]);

  const type = (next: string) => {
    setText(next);
    const parsed = parseTypedDate(next, language, { past: birthday });
    if ("value" in parsed) {
      setProblem(null);
      onChange(parsed.value);
    } else onChange(next.trim());
  };
  const check = () => setProblem(message(parseTypedDate(text, language, { past: birthday })));

  return (
    <DatesProvider settings={datesSettings(language)}>
      <Popover opened={opened} onChange={setOpened} position="bottom-start" trapFocus={false} withinPortal>
        <Popover.Target>
          <TextInput
            label={label}
            description={description}
            required={required}
            disabled={disabled}
            autoFocus={autoFocus}
            data-autofocus={rest["data-autofocus"]}
            placeholder={t("dates.pattern")}
            inputMode="numeric"
            autoComplete="off"
            value={text}
            error={problem ?? error}
            onChange={(event) => type(event.currentTarget.value)}
            onBlur={check}
            onKeyDown={(event) => {
              if (event.key === "Enter") check();
              if (event.key === "Escape") setOpened(false);
              onKeyDown?.(event);
            }}
            rightSection={
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={disabled}
                aria-label={t("dates.openCalendar")}
                onClick={() => setOpened((o) => !o)}
              >
                <IconCalendar size={16} aria-hidden />
              </ActionIcon>
            }
          />
        </Popover.Target>
        <Popover.Dropdown>
          <DatePicker
            value={valid}
            defaultDate={valid ?? (birthday ? `${new Date().getFullYear() - 30}-01-01` : undefined)}
            defaultLevel={birthday && !valid ? "decade" : "month"}
            previousLabel={t("dates.previous")}
            nextLabel={t("dates.next")}
            onChange={(picked) => {
              setProblem(null);
              setText(typedDate(picked, language));
              onChange(picked);
              setOpened(false);
            }}
          />
        </Popover.Dropdown>
      </Popover>
    </DatesProvider>
  );
}
