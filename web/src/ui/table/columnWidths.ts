import type { ColumnSpec, FieldType } from "./types";

/**
 * How wide a column starts, and how narrow it may get when the table has to fit its width, by the field's type:
 * a date needs its 10 characters, a phone its whole number (phones never wrap), a name two lines at most.
 */
const WIDTHS: Record<FieldType, { base: number; min: number }> = {
  text: { base: 180, min: 120 },
  longText: { base: 220, min: 140 },
  number: { base: 110, min: 80 },
  money: { base: 150, min: 130 },
  date: { base: 115, min: 105 },
  dateTime: { base: 150, min: 140 },
  boolean: { base: 80, min: 60 },
  select: { base: 150, min: 120 },
  multiSelect: { base: 180, min: 160 },
  email: { base: 220, min: 150 },
  phone: { base: 155, min: 150 },
  url: { base: 180, min: 120 },
  user: { base: 190, min: 160 },
  link: { base: 190, min: 130 },
  tags: { base: 150, min: 110 },
  uuid: { base: 120, min: 80 },
};
/** The primary column (the record's name or title) takes what the others leave. */
const PRIMARY = { base: 260, min: 180 };

export function defaultWidth(column: Pick<ColumnSpec, "type">): number {
  return WIDTHS[column.type]?.base ?? 180;
}

/**
 * The width of each shown column in a table `available` pixels wide. Columns the user resized keep their
 * width; the others start at their type's width, shrink together (each down to its minimum) when they do not
 * fit, and the primary column takes the free width, so a title is not cut at 20 characters while half the
 * table stays empty. Below the minimums the table scrolls sideways.
 */
export function fitWidths(
  columns: readonly Pick<ColumnSpec, "key" | "type">[],
  resized: Readonly<Record<string, number>>,
  primary: string | undefined,
  available: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  const flexible: { key: string; base: number; min: number }[] = [];
  let used = 0;
  for (const column of columns) {
    const fixed = resized[column.key];
    if (fixed !== undefined) {
      out[column.key] = fixed;
      used += fixed;
      continue;
    }
    const size = column.key === primary ? PRIMARY : (WIDTHS[column.type] ?? { base: 180, min: 120 });
    flexible.push({ key: column.key, ...size });
  }
  const base = flexible.reduce((sum, c) => sum + c.base, 0);
  const room = available - used;
  if (!(available > 0) || room >= base) {
    const free = available > 0 ? room - base : 0;
    const grows = flexible.some((c) => c.key === primary);
    for (const c of flexible) out[c.key] = c.base;
    // The free width goes to the primary column, or is shared when it was resized (or is not shown).
    if (free > 0 && flexible.length > 0) {
      if (grows && primary) out[primary] = (out[primary] ?? 0) + free;
      else for (const c of flexible) out[c.key] = (out[c.key] ?? 0) + Math.floor(free / flexible.length);
    }
    return out;
  }
  // Too wide: every flexible column gives up the same share of what it may give up.
  const slack = flexible.reduce((sum, c) => sum + c.base - c.min, 0);
  const share = slack > 0 ? Math.min(1, (base - room) / slack) : 0;
  for (const c of flexible) out[c.key] = Math.floor(c.base - (c.base - c.min) * share);
  return out;
}
