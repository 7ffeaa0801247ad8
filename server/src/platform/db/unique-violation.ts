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

/**
 * A record's external id is unique among the live records of its table (a UNIQUE partial index named
 * `<table>_external_id_live`): a value another record holds is refused as a 422 on `externalId`.
 */
export function externalIdViolation(err: unknown): ValidationError | null {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  if (
    e?.code !== "23505" ||
    typeof e.constraint !== "string" ||
    !e.constraint.endsWith("_external_id_live")
  ) {
    return null;
  }
  return new ValidationError([externalIdTakenError()]);
}

export function externalIdTakenError(): FieldError {
  return { field: "externalId", message: "Another record already has this external ID.", code: "not_unique" };
}
