import type { TFunction } from "i18next";

/** Names the server gives codes an administrator added (a task type's `name`), by code. */
export type CodeNames = ReadonlyMap<string, string>;

/**
 * The one place an enumerated code (a task's type, status or priority, an activity's kind, a phone's kind…) becomes
 * the label people read, in the interface language: `options.<field>.<code>` in the locale files; a code they do
 * not label (an administrator's own task type) by the name the server gives it (`names`), else as it is.
 */
export function enumLabel(
  t: TFunction,
  field: string,
  value: string | null | undefined,
  names?: CodeNames,
): string {
  if (!value) return "";
  return t(`options.${field}.${value}`, { defaultValue: names?.get(value) || value });
}

/** `{ value, label }` pairs of codes for selects. */
export function enumOptions(
  t: TFunction,
  field: string,
  values: readonly string[],
  names?: CodeNames,
): Array<{ value: string; label: string }> {
  return values.map((value) => ({ value, label: enumLabel(t, field, value, names) }));
}

/** The codes the locale files label for a field (`options.type` → call, email…), or none when it has no labels. */
export function labelledCodes(t: TFunction, field: string): string[] | undefined {
  const group: unknown = t(`options.${field}`, { returnObjects: true, defaultValue: null });
  return group && typeof group === "object" && !Array.isArray(group) ? Object.keys(group) : undefined;
}
