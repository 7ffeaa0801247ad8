import type { Kysely, Transaction } from "kysely";
import { type Actor, fieldAccess } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import type { ImportKind, ImportTarget } from "../../platform/records/import-spec.js";
import { declaredImport } from "./declared.js";

/** Any entity with the import capability. */
export type ImportEntity = string;
export type { ImportKind };

export interface ImportField extends ImportTarget {
  custom?: boolean;
  /** For a custom `link` field: the entity its values point to (matched by id or by name). */
  linkEntity?: string;
  /** `decimal`: negative amounts are allowed (custom money fields; a deal's amount is never negative). */
  allowNegative?: boolean;
}

const f = (key: string, label: string, kind: ImportKind, extra: Partial<ImportField> = {}): ImportField => ({
  key,
  label,
  kind,
  ...extra,
});

const CUSTOM_KINDS: Record<string, ImportKind> = {
  text: "text",
  longText: "longText",
  number: "number",
  money: "decimal",
  date: "date",
  dateTime: "dateTime",
  boolean: "boolean",
  select: "select",
  multiSelect: "multiSelect",
  email: "email",
  phone: "phone",
  url: "url",
  user: "user",
  link: "link",
};

/**
 * The standard import targets of an entity (declared in its import, `EntityImport.targets`), before field rules and custom fields (suggestion tests). */
export const standardImportFields = (entity: ImportEntity): readonly ImportField[] =>
  declaredImport(entity)?.targets ?? [];

/** Standard and custom import targets the actor may write (read-only and hidden fields are left out). */
export async function importFields(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entity: ImportEntity,
): Promise<ImportField[]> {
  const custom = await db
    .selectFrom("custom_fields")
    .select(["key", "label", "type", "options", "link_entity"])
    .where("entity", "=", entity)
    .where("deleted_at", "is", null)
    .orderBy("position")
    .execute();
  const customFields = custom.flatMap((c) => {
    const kind = CUSTOM_KINDS[c.type];
    if (!kind) return [];
    const options = Array.isArray(c.options)
      ? (c.options as Array<{ value?: unknown } | string>).map((o) =>
          typeof o === "string" ? o : String(o?.value ?? ""),
        )
      : undefined;
    return [
      f(`custom.${c.key}`, c.label, kind, {
        custom: true,
        ...(options ? { options } : {}),
        ...(c.link_entity ? { linkEntity: c.link_entity } : {}),
        ...(c.type === "money" ? { allowNegative: true } : {}),
      }),
    ];
  });
  return [...standardImportFields(entity), ...customFields].filter(
    (field) => fieldAccess(actor, field.ruleEntity ?? entity, field.ruleKey ?? field.key) === "write",
  );
}
