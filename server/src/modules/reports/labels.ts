import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { ResolvedDimension } from "./resolve.js";

type Db = Kysely<DB> | Transaction<DB>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Human labels of dimension values: user names, team names, and the titles of linked records the viewer may
 * read (a record outside the viewer's scope keeps its id and gets no title). Stages: deals' `stageId` links to
 * the pipelines entity, whose stages live in `pipeline_stages`, so pipeline ids are looked up in both.
 */
export async function dimensionLabels(
  db: Db,
  actor: Actor,
  dim: ResolvedDimension,
  values: string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(values.filter((v) => UUID.test(v)))];
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const put = (rows: { id: string; label: string | null }[]) => {
    for (const r of rows) if (r.label !== null) out.set(r.id, r.label);
  };
  if (!dim.field) {
    put(await db.selectFrom("teams").select(["id", "name as label"]).where("id", "in", ids).execute());
    return out;
  }
  if (dim.field.type === "user") {
    put(await db.selectFrom("users").select(["id", "name as label"]).where("id", "in", ids).execute());
    return out;
  }
  if (dim.field.type !== "link" || !dim.field.linkEntity) return out;
  const def = entityCatalog().get(dim.field.linkEntity);
  if (!def) return out;
  const title = typeof def.title === "string" ? sql.ref(`t.${def.title}`) : def.title("t");
  const conds = [sql`t.id = any(${ids}::uuid[])`];
  if (def.ownerColumn) conds.push(ownerScope(actor, def.name, "read", `t.${def.ownerColumn}`));
  const rows = await sql<{ id: string; label: string | null }>`
    select t.id, (${title})::text as label from ${sql.table(def.table)} as t where ${sql.join(conds, sql` and `)}`.execute(
    db,
  );
  put(rows.rows);
  if (def.name === "pipelines") {
    put(
      await db.selectFrom("pipeline_stages").select(["id", "name as label"]).where("id", "in", ids).execute(),
    );
  }
  return out;
}

/** The members of teams (for a drill-down on the owner's team: `ownerId in [...]`). */
export async function teamMembers(db: Db, teamIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const ids = teamIds.filter((v) => UUID.test(v));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom("users").select(["id", "team_id"]).where("team_id", "in", ids).execute();
  for (const r of rows) {
    if (!r.team_id) continue;
    out.set(r.team_id, [...(out.get(r.team_id) ?? []), r.id]);
  }
  return out;
}
