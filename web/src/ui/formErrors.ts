import type { TFunction } from "i18next";
import { isApiError } from "../api/problem";
import { fieldProblemMessage, problemMessage } from "./problemMessages";

/** The part of a Mantine `useForm` return value needed to show server errors. */
export interface FormWithErrors {
  getValues(): object;
  setFieldError(path: string, error: string): void;
}

/** Server field paths may arrive as `email`, `body.email`, `/email` or `/items/0/name`. */
export function normalizeFieldPath(field: string): string {
  return field
    .replace(/^body[./]/, "")
    .replace(/^\//, "")
    .replace(/\//g, ".")
    .replace(/\[(\d+)\]/g, ".$1");
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether the form has a field at `path`. The last key may be missing from a plain object (an unset entry of
 * a map such as `custom.vip`, whose input reads `errors["custom.vip"]`), but not from a list.
 */
function hasPath(values: object, path: string): boolean {
  const segments = path.split(".");
  let current: unknown = values;
  for (const [index, segment] of segments.entries()) {
    if (typeof current !== "object" || current === null) return false;
    const last = index === segments.length - 1;
    if (!(segment in current)) return last && index > 0 && isMap(current);
    current = (current as Record<string, unknown>)[segment];
  }
  return true;
}

/**
 * Puts `errors[].field` messages of a problem+json error next to the matching form fields.
 * Returns the message to show above the form for everything that did not match a field, or null.
 */
export function applyProblemToForm(form: FormWithErrors, error: unknown, t: TFunction): string | null {
  if (!isApiError(error) || error.fieldErrors.length === 0) return problemMessage(t, error);
  const values = form.getValues();
  const unmatched: string[] = [];
  for (const fieldError of error.fieldErrors) {
    const path = normalizeFieldPath(fieldError.field);
    const message = fieldProblemMessage(t, fieldError);
    if (path && hasPath(values, path)) form.setFieldError(path, message);
    else unmatched.push(message);
  }
  if (unmatched.length > 0) return unmatched.join(" ");
  return null;
}
