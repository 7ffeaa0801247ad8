import { type Kysely, sql, type Transaction } from "kysely";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import type { Actor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import type { DB } from "../../platform/db/schema.js";
import { txCached } from "../../platform/db/tx-cache.js";
import { notUniqueError } from "../../platform/db/unique-violation.js";
import type { FieldError } from "../../platform/errors.js";
import { readableRecordIds } from "../../platform/records/links.js";
import type { CustomFieldsTable } from "./tables.js";

export type Definition = Pick<CustomFieldsTable, "key" | "type" | "label" | "link_entity"> & {
  required: boolean;
  is_unique: boolean;
  default_value: unknown;
  options: Array<{ value: string; label: string }> | null;
};

export const CUSTOM_TEXT_MAX = 1000;
export const CUSTOM_LONG_TEXT_MAX = 20_000;

export async function activeDefinitions(
  trx: Kysely<DB> | Transaction<DB>,
  entity: string,
): Promise<Definition[]> {
  // Once per transaction in a `cachingTransactions` scope (an automation batch), else read each time.
  const rows = await txCached(trx, `activeDefinitions:${entity}`, () =>
    trx
      .selectFrom("custom_fields")
      .select(["key", "type", "label", "link_entity", "required", "is_unique", "default_value", "options"])
      .where("entity", "=", entity)
      .where("deleted_at", "is", null)
      .execute(),
  );
  return [...rows] as Definition[];
}

const email = z.email();
const uuid = z.uuid();

/** Checks one value against its field type; returns the normalized JSON value or an error message. */
export function checkCustomValue(
  def: Pick<Definition, "type" | "options">,
  v: unknown,
): { ok: unknown } | string {
  const options = (def.options ?? []).map((o) => o.value);
  switch (def.type) {
    case "text":
      return typeof v === "string" && v.length <= CUSTOM_TEXT_MAX
        ? { ok: v }
        : `Expected text up to ${CUSTOM_TEXT_MAX} characters.`;
    case "longText":
      return typeof v === "string" && v.length <= CUSTOM_LONG_TEXT_MAX
        ? { ok: v }
        : `Expected text up to ${CUSTOM_LONG_TEXT_MAX} characters.`;
    case "number":
      return typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e15
        ? { ok: v }
        : "Expected a number.";
    case "money":
      return typeof v === "string" && /^-?\d{1,13}(\.\d{1,2})?$/.test(v)
        ? { ok: v }
        : "Expected a decimal string with at most 2 digits after the point.";
    case "date":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
        ? { ok: v }
        : "Expected a date (YYYY-MM-DD).";
    case "dateTime":
      return typeof v === "string" &&
        /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) &&
        !Number.isNaN(Date.parse(v))
        ? { ok: new Date(v).toISOString() }
        : "Expected an ISO 8601 date-time with a zone.";
    case "boolean":
      return typeof v === "boolean" ? { ok: v } : "Expected true or false.";
    case "select":
      return typeof v === "string" && options.includes(v) ? { ok: v } : "Not one of the field's options.";
    case "multiSelect":
      return Array.isArray(v) &&
        v.length <= 50 &&
        v.every((x) => typeof x === "string" && options.includes(x))
        ? { ok: [...new Set(v as string[])] }
        : "Expected a list of the field's options.";
    case "email":
      return typeof v === "string" && v.length <= 254 && email.safeParse(v.trim()).success
        ? { ok: v.trim().toLowerCase() }
        : "Not a valid email address.";
    case "phone": {
      const p = typeof v === "string" && v.length <= 50 ? parsePhoneNumberFromString(v) : undefined;
      return p?.isValid() ? { ok: p.number } : "Not a valid phone number (use +country code).";
    }
    case "url":
      return typeof v === "string" && v.length <= 2000 && /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v)
        ? { ok: v }
        : "Expected an http(s) URL.";
    case "user":
    case "link":
      return typeof v === "string" && uuid.safeParse(v).success ? { ok: v.toLowerCase() } : "Expected an id.";
    default:
      return "This field has an unknown type.";
  }
}

/**
 * Validates the `custom` part of a create/update: types, required, defaults (on create), uniqueness and
 * link targets. Returns the merged custom object and per-field errors (`custom.<key>`).
 */
export async function validateCustom(
  trx: Transaction<DB>,
  entity: string,
  input: Record<string, unknown> | undefined,
  opts: { actor: Actor; existing?: Record<string, unknown>; recordId?: string },
): Promise<{ custom: Record<string, unknown>; errors: FieldError[] }> {
  const defs = await activeDefinitions(trx, entity);
  const errors: FieldError[] = [];
  const custom: Record<string, unknown> = { ...(opts.existing ?? {}) };
  const given = input ?? {};
  for (const key of Object.keys(given)) {
    if (!defs.some((d) => d.key === key)) {
      errors.push({
        field: `custom.${key.slice(0, 64)}`,
        message: "Unknown custom field.",
        code: "unknown_field",
      });
    }
  }
  for (const def of defs) {
    const path = `custom.${def.key}`;
    if (key_in(given, def.key)) {
      const v = given[def.key];
      if (v === null) delete custom[def.key];
      else {
        const r = checkCustomValue(def, v);
        if (typeof r === "string") {
          errors.push({ field: path, message: r, code: "invalid_value" });
          continue;
        }
        custom[def.key] = r.ok;
      }
    } else if (!opts.existing && def.default_value !== null && def.default_value !== undefined) {
      custom[def.key] = def.default_value;
    }
    const value = custom[def.key];
    if (
      def.required &&
      (value === undefined || value === "" || (Array.isArray(value) && value.length === 0))
    ) {
      errors.push({ field: path, message: "This field is required.", code: "required" });
      continue;
    }
    if (value === undefined || !key_in(given, def.key)) continue;
    if (def.is_unique) await checkUnique(trx, entity, def.key, value, opts.recordId, errors);
    if ((def.type === "user" || def.type === "link") && typeof value === "string") {
      const found =
        def.type === "user"
          ? await activeUserIds(trx, [value])
          : await readableRecordIds(trx, opts.actor, def.link_entity ?? "", [value]);
      if (!found.has(value)) errors.push(targetError(def.type, path));
    }
  }
  return { custom, errors };
}

function key_in(o: Record<string, unknown>, k: string): boolean {
  return Object.hasOwn(o, k);
}

/**
 * Early, friendly check; the UNIQUE index (`indexes.ts#syncUniqueIndex`) is what guarantees it under
 * concurrency, and its violation maps to the same error (`platform/db/unique-violation.ts`).
 */
async function checkUnique(
  trx: Transaction<DB>,
  entity: string,
  key: string,
  value: unknown,
  recordId: string | undefined,
  errors: FieldError[],
) {
  const table = entityDefinition(entity)?.table;
  if (!table) return;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const k = sql.lit(key);
  const found = await sql<{ id: string }>`select id from ${sql.table(table)}
    where custom->>${k} = ${text} and deleted_at is null and custom ? ${k}
    and ${recordId ? sql`id <> ${recordId}::uuid` : sql`true`} limit 1`.execute(trx);
  if (found.rows.length > 0) errors.push(notUniqueError(key));
}

/** Ids among `ids` of users who are active (a `user` value may only name one). */
export async function activeUserIds(trx: Transaction<DB>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx
    .selectFrom("users")
    .select("id")
    .where("id", "in", [...ids])
    .where("is_active", "=", true)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export function targetError(type: "user" | "link", path: string): FieldError {
  return type === "user"
    ? { field: path, message: "No active user with this id.", code: "invalid_user" }
    : {
        field: path,
        message: "The linked record does not exist or you may not see it.",
        code: "link_not_found",
      };
}
