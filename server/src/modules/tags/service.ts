import { type Kysely, sql, type Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { entityCatalog } from "../../platform/records/catalog.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
type Db = Kysely<DB> | Transaction<DB>;
/** Tables whose `tags text[]` hold tag names: the entities declaring the tags capability. */
const taggedTables = () =>
  entityCatalog()
    .with("tags")
    .map((d) => d.table);

const present = (r: { id: string; name: string; color: string; created_at: Date }) => ({
  id: r.id,
  name: r.name,
  color: r.color,
  createdAt: r.created_at.toISOString(),
});

export async function listTags(trx: Db) {
  return (await trx.selectFrom("tags").selectAll().orderBy("name").execute()).map(present);
}

export async function getTag(trx: Db, id: string) {
  const row = await trx.selectFrom("tags").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("Tag");
  return present(row);
}

export async function createTag(trx: Trx, ctx: RequestContext, input: { name: string; color: string }) {
  if (ctx.actor.readOnly) throw new ForbiddenError("permission_denied", "This token is read-only.");
  const row = await trx
    .insertInto("tags")
    .values({ name: input.name, color: input.color, created_by: ctx.actor.userId })
    .onConflict((oc) => oc.column("name").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new ConflictError("tag_exists", "A tag with this name exists.");
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "tags",
      entityId: row.id,
      action: "create",
      changes: diff({}, { name: row.name, color: row.color }),
    },
  );
  return present(row);
}

/** Rename / recolor; a rename rewrites the tag on every record in the same transaction. */
export async function updateTag(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  input: { name?: string | undefined; color?: string | undefined },
) {
  const before = await trx.selectFrom("tags").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!before) throw new NotFoundError("Tag");
  if (input.name && input.name.toLowerCase() !== before.name.toLowerCase()) {
    const clash = await trx.selectFrom("tags").select("id").where("name", "=", input.name).executeTakeFirst();
    if (clash) throw new ConflictError("tag_exists", "A tag with this name exists.");
  }
  const after = await patchRow(trx, "tags", id, {
    ...(input.name ? { name: input.name } : {}),
    ...(input.color ? { color: input.color } : {}),
  });
  let records = 0;
  if (after.name !== before.name) {
    for (const table of taggedTables()) {
      const r =
        await sql`update ${sql.table(table)} set tags = array_replace(tags, ${before.name}::text, ${after.name}::text)
        where tags @> array[${before.name}::text]`.execute(trx);
      records += Number(r.numAffectedRows ?? 0);
    }
  }
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "tags",
      entityId: id,
      action: "update",
      changes: {
        ...diff({ name: before.name, color: before.color }, { name: after.name, color: after.color }),
        records,
      },
    },
  );
  return present(after);
}

export async function deleteTag(trx: Trx, ctx: RequestContext, id: string) {
  const row = await trx.selectFrom("tags").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new NotFoundError("Tag");
  let records = 0;
  for (const table of taggedTables()) {
    const r = await sql`update ${sql.table(table)} set tags = array_remove(tags, ${row.name}::text)
      where tags @> array[${row.name}::text]`.execute(trx);
    records += Number(r.numAffectedRows ?? 0);
  }
  await trx.deleteFrom("tags").where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "tags",
      entityId: id,
      action: "delete",
      changes: { name: row.name, records },
    },
  );
}
