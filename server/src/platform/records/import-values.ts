import type { ImportedPhone } from "./import-spec.js";
import type { PhoneValue } from "./values.js";

/** A text cell's value, or undefined when blank. */
export const importedText = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : undefined;

/** The phone columns an import fills, in the order the record lists them, with the kind each one gets. */
const PHONE_KINDS = [
  ["phone", "work"],
  ["phone2", "other"],
  ["mobile", "mobile"],
] as const;

/** A row's `phone`, `phone2` and `mobile` cells as the record's phones (kinds work, other, mobile). */
export function importedPhones(values: Record<string, unknown>): PhoneValue[] | undefined {
  let phones: PhoneValue[] | undefined;
  for (const [key, kind] of PHONE_KINDS) {
    const p = values[key] as ImportedPhone | undefined;
    if (!p) continue;
    phones ??= [];
    phones.push({ kind, raw: p.raw, e164: p.e164, ...(p.extension ? { extension: p.extension } : {}) });
  }
  return phones;
}

/** A row's `email` and `email2` cells as the record's emails (kinds work, other). */
export function importedEmails(
  values: Record<string, unknown>,
): Array<{ kind: string; value: string }> | undefined {
  const list = [values.email, values.email2].filter((e): e is string => typeof e === "string" && e !== "");
  return list.length ? list.map((value, i) => ({ kind: i === 0 ? "work" : "other", value })) : undefined;
}

/** A row's tags cell (already normalized by the cell reader). */
export const importedTags = (values: Record<string, unknown>): string[] | undefined =>
  Array.isArray(values.tags) && values.tags.length ? (values.tags as string[]) : undefined;
