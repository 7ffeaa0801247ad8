import { type FieldError, ValidationError } from "../errors.js";

/**
 * Unique custom fields are enforced by UNIQUE partial expression indexes named `cfu_<table>_<key>_<hash>`
 * (`modules/custom-fields/indexes.ts`). When a concurrent write wins the race past the service's early check,
 * PostgreSQL refuses the second one with 23505 on that index; this turns it into the same 422 per-field error
 * the check gives. The key is read from the error detail, `Key ((custom ->> 'key'::text))=(value) already
 * exists.` (keys are `^[a-z][a-zA-Z0-9_]*$`, so the pattern is unambiguous).
 */
export function customUniqueViolation(err: unknown): ValidationError | null {
  const e = err as { code?: unknown; constraint?: unknown; detail?: unknown } | null;
  if (e?.code !== "23505" || typeof e.constraint !== "string" || !e.constraint.startsWith("cfu_")) {
    return null;
  }
  const key = typeof e.detail === "string" ? /custom ->> '([a-zA-Z0-9_]+)'/.exec(e.detail)?.[1] : undefined;
  if (!key) return null;
  return new ValidationError([notUniqueError(key)]);
}

export function notUniqueError(key: string): FieldError {
  return { field: `custom.${key}`, message: "Another record already has this value.", code: "not_unique" };
}
