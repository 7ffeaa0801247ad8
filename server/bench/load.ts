import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type pg from "pg";
import { ARGON2_OPTIONS } from "../src/modules/identity/bootstrap.js";
import type { DB } from "../src/platform/db/schema.js";
import { ACTIVITIES_EACH, busyCount, busyStatements } from "./generators/busy.js";
import { defineContactFields } from "./generators/custom-fields.js";
import { generators } from "./generators/index.js";
import { benchId, type GenContext, type Refs, type TableGenerator } from "./generators/types.js";

export const BENCH_PASSWORD = "Bench-Pa55word-2026";
const CHUNK = 100_000;

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
  references: string | null;
}

export interface LoadReport {
  /** Rows loaded per table. */
  rows: Record<string, number>;
  seconds: Record<string, number>;
  /** Tables not loaded because they do not exist (yet); any other loader failure fails the run. */
  skipped: Record<string, string>;
  /** Contacts with a long timeline (rows 1..contacts of contacts), or null without contacts/activities. */
  busy: { contacts: number; activitiesEach: number } | null;
  /** Contact custom fields defined (with their expression indexes) and filled on every row. */
  customFields: string[];
  totalSeconds: number;
}

async function columnsOf(client: pg.PoolClient): Promise<Map<string, Column[]>> {
  const res = await client.query<{
    table: string;
    name: string;
    type: string;
    nullable: boolean;
    has_default: boolean;
    references: string | null;
  }>(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, (a.atthasdef OR a.attidentity <> '') AS has_default,
           (SELECT f.relname FROM pg_constraint k JOIN pg_class f ON f.oid = k.confrelid
             WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.conkey = ARRAY[a.attnum] LIMIT 1) AS references
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`);
  const out = new Map<string, Column[]>();
  for (const r of res.rows) {
    const list = out.get(r.table) ?? [];
    list.push({
      name: r.name,
      type: r.type,
      nullable: r.nullable,
      hasDefault: r.has_default,
      references: r.references,
    });
    out.set(r.table, list);
  }
  return out;
}

async function loadRefs(client: pg.PoolClient, tables: Map<string, Column[]>): Promise<Refs> {
  const roles = await client.query<{ key: string; id: string }>(
    "SELECT key, id FROM roles WHERE key IS NOT NULL",
  );
  let pipelineId: string | null = null;
  let stageIds: string[] = [];
  if (tables.has("pipelines") && tables.has("pipeline_stages")) {
    const p = await client.query<{ id: string }>(
      "SELECT id FROM pipelines ORDER BY is_default DESC, position LIMIT 1",
    );
    pipelineId = p.rows[0]?.id ?? null;
    if (pipelineId) {
      const s = await client.query<{ id: string }>(
        "SELECT id FROM pipeline_stages WHERE pipeline_id = $1 ORDER BY position",
        [pipelineId],
      );
      stageIds = s.rows.map((r) => r.id);
    }
  }
  return {
    roles: Object.fromEntries(roles.rows.map((r) => [r.key, r.id])),
    pipelineId,
    stageIds,
    passwordHash: await hash(BENCH_PASSWORD, ARGON2_OPTIONS),
  };
}

async function adminId(client: pg.PoolClient): Promise<string> {
  const r = await client.query<{ id: string }>(`SELECT ${benchId("users", "1")}::text AS id`);
  return r.rows[0]?.id ?? "";
}

/** SQL for a NOT NULL column without a default that the generator does not know (a colleague's new column). */
function fallback(col: Column, ctx: GenContext, salt: number): string | null {
  if (col.references) return ctx.count(col.references) > 0 ? ctx.pick(col.references, salt) : null;
  const t = col.type;
  if (t.endsWith("[]")) return "'{}'";
  if (/^(text|character varying|citext|character)/.test(t)) return `'${col.name} ' || g`;
  if (/^(integer|smallint|bigint|numeric|real|double)/.test(t)) return "0";
  if (t === "boolean") return "false";
  if (t === "uuid") return "gen_random_uuid()";
  if (t.startsWith("timestamp")) return "current_setting('bench.now')::timestamptz";
  if (t === "date") return "current_date";
  if (t === "jsonb" || t === "json") return "'{}'";
  return null;
}

function insertSql(gen: TableGenerator, cols: Column[], ctx: GenContext): string {
  const wanted = gen.columns(ctx);
  const names: string[] = [];
  const exprs: string[] = [];
  cols.forEach((col, i) => {
    const expr = wanted[col.name] ?? (col.nullable || col.hasDefault ? null : fallback(col, ctx, 100 + i));
    if (expr === null) {
      if (!col.nullable && !col.hasDefault)
        throw new Error(`no value for NOT NULL column ${col.name} (${col.type})`);
      return;
    }
    names.push(`"${col.name}"`);
    exprs.push(expr);
  });
  return `INSERT INTO "${gen.table}" (${names.join(", ")}) SELECT ${exprs.join(", ")} FROM generate_series($1::int, $2::int) AS g`;
}

/**
 * Fills every table that has a generator and exists, adds the busy contacts' timelines and the contact custom
 * fields, then ANALYZEs. `f` = 1 is the 1m data set. Throws on any failure except a table that does not exist.
 */
export async function loadData(
  pool: pg.Pool,
  db: Kysely<DB>,
  f: number,
  log: (line: string) => void,
): Promise<LoadReport> {
  const started = Date.now();
  const client = await pool.connect();
  const report: LoadReport = {
    rows: {},
    seconds: {},
    skipped: {},
    busy: null,
    customFields: [],
    totalSeconds: 0,
  };
  try {
    await client.query(`SELECT set_config('bench.now', now()::text, false)`);
    const tables = await columnsOf(client);
    const refs = await loadRefs(client, tables);
    const counts = new Map<string, number>();
    const ctx: GenContext = {
      count: (t) => counts.get(t) ?? 0,
      id: benchId,
      pick: (t, salt, of = "g") =>
        benchId(t, `1 + ((${of}::bigint * ${salt}) % ${Math.max(1, counts.get(t) ?? 1)})`),
      refs,
    };
    // Plan first so every generator knows how many rows the others will have.
    // BENCH_TABLES=teams,users,companies,contacts: load only these (a scenario that needs no other table).
    const only = process.env.BENCH_TABLES?.split(",").map((t) => t.trim());
    const plan = generators.filter((g) => {
      if (!tables.has(g.table)) {
        report.skipped[g.table] = "table does not exist";
        return false;
      }
      if (only && !only.includes(g.table)) {
        report.skipped[g.table] = "not in BENCH_TABLES";
        return false;
      }
      if (g.usable && !g.usable(ctx)) throw new Error(`${g.table}: prerequisites missing (roles, pipeline)`);
      return true;
    });
    for (const g of plan) counts.set(g.table, g.rows(f));
    for (const g of plan) {
      const t0 = Date.now();
      const n = counts.get(g.table) ?? 0;
      try {
        const text = insertSql(g, tables.get(g.table) ?? [], ctx);
        for (let from = 1; from <= n; from += CHUNK) {
          await client.query(text, [from, Math.min(n, from + CHUNK - 1)]);
          if (n > CHUNK) log(`  ${g.table}: ${Math.min(n, from + CHUNK - 1)}/${n}`);
        }
        for (const stmt of g.after?.(ctx) ?? []) {
          await client.query(stmt).catch((err: { code?: string; message: string }) => {
            if (err.code !== "42P01") throw err; // a link table that does not exist (yet)
            log(`  ${g.table}: skipped a link table (${err.message})`);
          });
        }
        report.rows[g.table] = n;
        report.seconds[g.table] = (Date.now() - t0) / 1000;
        log(`loaded ${n} ${g.table} in ${report.seconds[g.table]?.toFixed(1)} s`);
      } catch (err) {
        throw new Error(`loading ${g.table} failed: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      }
    }
    const activities = generators.find((g) => g.table === "activities");
    const busy = busyCount(f);
    if (activities && ctx.count("activities") > 0 && ctx.count("contacts") >= busy) {
      const t0 = Date.now();
      const first = ctx.count("activities") + 1;
      const extra = busy * ACTIVITIES_EACH;
      await client.query(insertSql(activities, tables.get("activities") ?? [], ctx), [
        first,
        first + extra - 1,
      ]);
      for (const stmt of busyStatements(ctx, busy, first)) await client.query(stmt);
      report.rows.activities = (report.rows.activities ?? 0) + extra;
      report.busy = { contacts: busy, activitiesEach: ACTIVITIES_EACH };
      log(
        `busy contacts: ${busy} × ${ACTIVITIES_EACH} activities in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    if (ctx.count("contacts") > 0 && tables.has("custom_fields")) {
      const t0 = Date.now();
      await defineContactFields(db, await adminId(client));
      report.customFields = ["contacts.segment (select)", "contacts.score (number)"];
      log(`custom fields and their indexes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t0 = Date.now();
    await client.query("VACUUM ANALYZE");
    log(`VACUUM ANALYZE in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    client.release();
  }
  report.totalSeconds = (Date.now() - started) / 1000;
  return report;
}
