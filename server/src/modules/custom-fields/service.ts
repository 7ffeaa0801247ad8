import type { Kysely, Selectable, Transaction } from "kysely";
import {
  type Actor,
  fieldAccess,
  hasAdminPermission,
  type RequestContext,
} from "../../platform/access/actor.js";
import { fieldsFor, isFieldHidden, isHidden } from "../../platform/access/fields.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { operatorsFor } from "../../platform/query/filter.js";
import { checkDefinition, keyTaken } from "./definitions.js";
import { type IndexJobs, purgeValues, syncIndex } from "./indexes.js";
import type { CreateCustomFieldInput, UpdateCustomFieldInput } from "./schemas.js";
import type { CustomFieldsTable } from "./tables.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<CustomFieldsTable>;

export function presentCustomField(r: Row) {
  return {
    id: r.id,
    entity: r.entity,
    key: r.key,
    label: r.label,
    type: r.type,
    required: r.required,
    unique: r.is_unique,
    defaultValue: r.default_value ?? null,
    helpText: r.help_text,
    position: r.position,
    group: r.group_name,
    filterable: r.filterable,
    options: r.options,
    linkEntity: r.link_entity,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

const audited = (r: Row) => {
  const { id, createdAt, updatedAt, ...rest } = presentCustomField(r);
  return rest;
};

export async function listCustomFields(trx: Db, entity: string | undefined, includeDeleted: boolean) {
  let q = trx.selectFrom("custom_fields").selectAll().orderBy("entity").orderBy("position").orderBy("key");
  if (entity) q = q.where("entity", "=", entity);
  if (!includeDeleted) q = q.where("deleted_at", "is", null);
  return (await q.execute()).map(presentCustomField);
}

/**
 * One definition. Deleted definitions and fields the caller's role hides are visible to admins (who manage
 * custom fields) only; for everyone else they do not exist.
 */
export async function getCustomField(trx: Db, actor: Actor, id: string) {
  const row = await trx.selectFrom("custom_fields").selectAll().where("id", "=", id).executeTakeFirst();
  const admin = hasAdminPermission(actor, "customFields.manage");
  if (!row || (!admin && (row.deleted_at || isHidden(actor, row.entity, `custom.${row.key}`)))) {
    throw new NotFoundError("Custom field");
  }
  return presentCustomField(row);
}

/** Field metadata of an entity as the actor sees it (hidden fields left out), for filters, import and export. */
export async function fieldMetadata(trx: Db, actor: Actor, entity: string) {
  const fields = await fieldsFor(trx, entity);
  return fields
    .filter((f) => !isFieldHidden(actor, entity, f))
    .map((f) => ({
      key: f.key,
      type: f.type,
      filterable: f.filterable,
      sortable: f.sortable,
      custom: f.custom ?? false,
      ...(f.label ? { label: f.label } : {}),
      ...(f.options ? { options: [...f.options] } : {}),
      ...(f.linkEntity ? { linkEntity: f.linkEntity } : {}),
      ...(f.filterOnly ? { filterOnly: true } : {}),
      // Fields with their own condition are drill-down conditions (analytics): shown as chips, never offered.
      ...(f.condition ? { conditionOnly: true } : {}),
      ...(f.valueParts ? { valueParts: f.valueParts.map((p) => ({ ...p })) } : {}),
      operators: f.filterable ? [...operatorsFor(f)] : [],
      // Filter-only fields are written through their presented shape (`emails: [{kind, value}]`), not here.
      access:
        !f.filterOnly && fieldAccess(actor, entity, f.key) === "write"
          ? ("write" as const)
          : ("readonly" as const),
    }));
}

export async function createCustomField(
  trx: Trx,
  ctx: RequestContext,
  jobs: IndexJobs,
  input: CreateCustomFieldInput,
) {
  checkDefinition(input.type, input.options, input.linkEntity, input.defaultValue);
  const exists = await trx
    .selectFrom("custom_fields")
    .select("id")
    .where("entity", "=", input.entity)
    .where("key", "=", input.key)
    .executeTakeFirst();
  if (exists) throw keyTaken();
  const row = await trx
    .insertInto("custom_fields")
    .values({
      entity: input.entity,
      key: input.key,
      label: input.label,
      type: input.type,
      required: input.required,
      is_unique: input.unique,
      default_value: input.defaultValue === undefined ? null : JSON.stringify(input.defaultValue),
      help_text: input.helpText,
      position: input.position,
      group_name: input.group,
      filterable: input.filterable,
      options: input.options ? JSON.stringify(input.options) : null,
      link_entity: input.linkEntity ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncIndex(trx, { ...row, deleted: false }, jobs);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "customFields",
      entityId: row.id,
      action: "create",
      changes: diff({}, audited(row)),
    },
  );
  return presentCustomField(row);
}

async function load(trx: Trx, id: string): Promise<Row> {
  const row = await trx
    .selectFrom("custom_fields")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Custom field");
  return row;
}

export async function updateCustomField(
  trx: Trx,
  ctx: RequestContext,
  jobs: IndexJobs,
  id: string,
  input: UpdateCustomFieldInput,
) {
  const before = await load(trx, id);
  const options = input.options ?? (before.options as Array<{ value: string; label: string }> | null);
  checkDefinition(before.type, options ?? undefined, before.link_entity, input.defaultValue);
  const after = await patchRow(trx, "custom_fields", id, {
    ...(input.label !== undefined ? { label: input.label } : {}),
    ...(input.required !== undefined ? { required: input.required } : {}),
    ...(input.unique !== undefined ? { is_unique: input.unique } : {}),
    ...(input.defaultValue !== undefined ? { default_value: JSON.stringify(input.defaultValue) } : {}),
    ...(input.helpText !== undefined ? { help_text: input.helpText } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.group !== undefined ? { group_name: input.group } : {}),
    ...(input.filterable !== undefined ? { filterable: input.filterable } : {}),
    ...(input.options !== undefined ? { options: JSON.stringify(input.options) } : {}),
  });
  if (before.filterable !== after.filterable || before.is_unique !== after.is_unique)
    await syncIndex(trx, { ...after, deleted: after.deleted_at !== null }, jobs);
  const changes = diff(audited(before), audited(after));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: ctx.actor.userId, requestId: ctx.requestId },
      {
        entity: "customFields",
        entityId: id,
        action: "update",
        changes,
      },
    );
  }
  return presentCustomField(after);
}

/** Soft delete (values stay in the records) or restore. */
export async function setCustomFieldDeleted(
  trx: Trx,
  ctx: RequestContext,
  jobs: IndexJobs,
  id: string,
  deleted: boolean,
) {
  const before = await load(trx, id);
  if ((before.deleted_at !== null) === deleted) return presentCustomField(before);
  const after = await trx
    .updateTable("custom_fields")
    .set({ deleted_at: deleted ? new Date() : null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncIndex(trx, { ...after, deleted }, jobs);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "customFields",
      entityId: id,
      ...(deleted ? { action: "delete" as const } : { action: "restore" as const }),
      changes: { key: before.key, entity: before.entity },
    },
  );
  return presentCustomField(after);
}

/** Removes a soft-deleted field for good: its values in every record, its index and the definition. */
export async function purgeCustomField(trx: Trx, ctx: RequestContext, jobs: IndexJobs, id: string) {
  const row = await load(trx, id);
  if (!row.deleted_at) throw new ConflictError("field_not_deleted", "Delete the field before purging it.");
  const cleared = await purgeValues(trx, row.entity, row.key);
  await syncIndex(trx, { ...row, deleted: true }, jobs);
  await trx.deleteFrom("custom_fields").where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "customFields",
      entityId: id,
      action: "purge",
      changes: { key: row.key, entity: row.entity, recordsCleared: cleared },
    },
  );
  return { recordsCleared: cleared };
}
