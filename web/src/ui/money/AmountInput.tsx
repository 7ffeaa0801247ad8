import { TextInput } from "@mantine/core";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber, isDecimalString } from "../../i18n/format";
import { parseTypedAmount } from "./parseMoney";

export interface AmountInputProps {
  label?: ReactNode;
  /** A decimal string (`1250000.50`), null, or (after refused typing) the text as typed. */
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  error?: ReactNode;
  required?: boolean;
  autoFocus?: boolean;
  maxDecimals?: number;
  onKeyDown?: (event: React.KeyboardEvent<HTMLInputElement>) => void;
  /** The accessible name where no visible label fits (a cell of a grid). */
  "aria-label"?: string;
}

/** The typed text of a decimal string in the interface language: `1 250 000,50`. */
const shown = (value: string | null | undefined, language: string) =>
  value && isDecimalString(value)
    ? formatNumber(value, language, { maximumFractionDigits: 20 })
    : (value ?? "");

/**
 * An amount typed as the user's language writes it (`1 250 000,50`) and handed on as the API's decimal string
 * (`1250000.50`), never through a float. Text that is not an amount shows why, and reaches the form as typed.
 */
export function AmountInput({
  label,
  value,
  onChange,
  error,
  required,
  autoFocus,
  maxDecimals = 2,
  onKeyDown,
  "aria-label": ariaLabel,
}: AmountInputProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const [text, setText] = useState(() => shown(value, language));
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setText((current) => {
      const parsed = parseTypedAmount(current, language, maxDecimals);
      const same = "value" in parsed ? parsed.value === (value ?? null) : current.trim() === value;
      return same ? current : shown(value, language);
    });
  }, [value, language, maxDecimals]);

  const check = () => {
    const parsed = parseTypedAmount(text, language, maxDecimals);
    if ("error" in parsed) {
      setProblem(
        parsed.error === "tooManyDecimals"
          ? t("amounts.tooManyDecimals", { count: maxDecimals })
          : t("amounts.invalid", {
              example: formatNumber("1250000.5", language, { minimumFractionDigits: 2 }),
            }),
      );
    } else {
      setProblem(null);
      setText(shown(parsed.value, language));
    }
  };
  return (
    <TextInput
      label={label}
      required={required}
      autoFocus={autoFocus}
      aria-label={ariaLabel}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      error={problem ?? error}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        if (problem) setProblem(null);
        const parsed = parseTypedAmount(next, language, maxDecimals);
        onChange("value" in parsed ? parsed.value : next.trim());
      }}
      onBlur={check}
      onKeyDown={(event) => {
        if (event.key === "Enter") check();
        onKeyDown?.(event);
      }}
    />
  );
}
