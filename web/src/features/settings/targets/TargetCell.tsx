import { useEffect, useState } from "react";
import { AmountInput } from "../../../ui/money/AmountInput";

const DECIMAL = /^\d+(\.\d{1,2})?$/;

/**
 * One month's target of one person or team: typed as the language writes amounts, saved when the cell is left
 * or Enter is pressed (emptied: the target is removed). Text that is not an amount stays with its message.
 */
export function TargetCell({
  amount,
  label,
  onSave,
}: {
  amount: string | null;
  label: string;
  onSave: (amount: string | null) => void;
}) {
  const [value, setValue] = useState<string | null>(amount);
  useEffect(() => setValue(amount), [amount]);
  const commit = () => {
    const next = value?.trim() || null;
    if (next !== null && !DECIMAL.test(next)) return;
    if (next === amount || (next !== null && amount !== null && Number(next) === Number(amount))) return;
    onSave(next);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: blur bubbles from the input; the div only listens
    <div onBlur={commit}>
      <AmountInput
        aria-label={label}
        value={value}
        onChange={setValue}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
    </div>
  );
}
