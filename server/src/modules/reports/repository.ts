import type { Insertable, Kysely, Selectable, Transaction, Updateable } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { setsAnyColumn } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ValidationError } from "../../platform/errors.js";
import { visibleTo } from "./share.js";
import type { DashboardsTable, ReportsTable } from "./tables.js";

export type Db = Kysely<DB> | Transaction<DB>;
export type ReportRow = Selectable<ReportsTable> & { owner_name: string };
export type DashboardRow = Selectable<DashboardsTable> & { owner_name: string };

export async function listReportRows(db: Db, actor: Actor): Promise<ReportRow[]> {
  return db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.owner_id")
    .selectAll("r")
    .select("u.name as owner_name")
    .where(visibleTo(actor, "r"))
    .orderBy("r.name")
    .orderBy("r.id")
    .limit(500)
    .execute();
}

export async function findReportRows(db: Db, actor: Actor, ids: string[]): Promise<ReportRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.owner_id")
    .selectAll("r")
    .select("u.name as owner_name")
    .where("r.id", "in", ids)
    .where(visibleTo(actor, "r"))
    .execute();
}

export async function lockReport(trx: Transaction<DB>, actor: Actor, id: string) {
  return trx
    .selectFrom("reports as r")
    .selectAll("r")
    .where("r.id", "=", id)
    .where(visibleTo(actor, "r"))
    .forUpdate()
    .executeTakeFirst();
}

export async function insertReport(trx: Transaction<DB>, values: Insertable<ReportsTable>) {
  return trx.insertInto("reports").values(values).returning("id").executeTakeFirstOrThrow();
}

export async function updateReportRow(trx: Transaction<DB>, id: string, set: Updateable<ReportsTable>) {
  if (setsAnyColumn(set)) await trx.updateTable("reports").set(set).where("id", "=", id).execute();
}

export async function deleteReportRow(trx: Transaction<DB>, id: string) {
  await trx.deleteFrom("reports").where("id", "=", id).execute();
}

export async function listDashboardRows(db: Db, actor: Actor, id?: string): Promise<DashboardRow[]> {
  let q = db
    .selectFrom("dashboards as d")
    .innerJoin("users as u", "u.id", "d.owner_id")
    .selectAll("d")
    .select("u.name as owner_name")
    .where(visibleTo(actor, "d"))
    .orderBy("d.name")
    .orderBy("d.id")
    .limit(500);
  if (id) q = q.where("d.id", "=", id);
  return q.execute();
}

export async function lockDashboard(trx: Transaction<DB>, actor: Actor, id: string) {
  return trx
    .selectFrom("dashboards as d")
    .selectAll("d")
    .where("d.id", "=", id)
    .where(visibleTo(actor, "d"))
    .forUpdate()
    .executeTakeFirst();
}

export async function insertDashboard(trx: Transaction<DB>, values: Insertable<DashboardsTable>) {
  return trx.insertInto("dashboards").values(values).returning("id").executeTakeFirstOrThrow();
}

export async function updateDashboardRow(trx: Transaction<DB>, id: string, set: Updateable<DashboardsTable>) {
  if (setsAnyColumn(set)) await trx.updateTable("dashboards").set(set).where("id", "=", id).execute();
}

export async function deleteDashboardRow(trx: Transaction<DB>, id: string) {
  await trx.deleteFrom("dashboards").where("id", "=", id).execute();
}

/** A share target must exist (a team or role id from the request). */
export async function assertShareTarget(
  db: Db,
  cols: { team_id: string | null; role_id: string | null },
): Promise<void> {
  if (cols.team_id) {
    const t = await db.selectFrom("teams").select("id").where("id", "=", cols.team_id).executeTakeFirst();
    if (!t) throw ValidationError.field("teamId", "Unknown team.", "unknown_team");
  }
  if (cols.role_id) {
    const r = await db.selectFrom("roles").select("id").where("id", "=", cols.role_id).executeTakeFirst();
    if (!r) throw ValidationError.field("roleId", "Unknown role.", "unknown_role");
  }
}

/** Reports by id regardless of sharing: the widgets of a dashboard the viewer can see (the dashboard shares them). */
export async function reportsByIdUnshared(db: Db, ids: string[]): Promise<Map<string, ReportRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("reports as r")
    .innerJoin("users as u", "u.id", "r.owner_id")
    .selectAll("r")
    .select("u.name as owner_name")
    .where("r.id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
