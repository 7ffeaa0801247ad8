import { sql } from "kysely";
import type { Cell, WidgetColumn } from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";

const TABLES = {
  user: sql`users`,
  team: sql`teams`,
  stage: sql`pipeline_stages`,
  pipeline: sql`pipelines`,
} as const;

/** Names of the ids in user/team/stage/pipeline columns, so rows keep ids (drill-down) and the web shows names. */
export async function labelsFor(
  db: Database,
  columns: readonly WidgetColumn[],
  rows: readonly Record<string, Cell>[],
): Promise<Record<string, Record<string, string>>> {
  const ids = new Map<keyof typeof TABLES, Set<string>>();
  for (const c of columns) {
    if (!(c.type in TABLES)) continue;
    const type = c.type as keyof typeof TABLES;
    const set = ids.get(type) ?? new Set<string>();
    for (const r of rows) {
      const v = r[c.key];
      if (typeof v === "string") set.add(v);
    }
    ids.set(type, set);
  }
  const out: Record<string, Record<string, string>> = {};
  await Promise.all(
    [...ids].map(async ([type, set]) => {
      if (!set.size) return;
      const r = await sql<{ id: string; name: string }>`
        select id, name from ${TABLES[type]} where id = any(${[...set]}::uuid[])`.execute(db);
      out[type] = Object.fromEntries(r.rows.map((row) => [row.id, row.name]));
    }),
  );
  return out;
}
