/**
 * A/B of what an import's rows cost inside PostgreSQL, usable on a loaded machine: two kept bench databases
 * (`--keep DIR`, one copied before a migration) get, alternately, one statement each per round — 5,000 contacts
 * inserted `search_pending` as a large import writes them, then the search catch-up's flip of those rows — in a
 * transaction rolled back, and the CPU of each database's backend (/proc, Linux, same machine) is read per
 * statement. With `FN=sql` the second database is compared with itself, its search functions replaced (in the
 * rolled-back transaction) by their SQL definitions of before `20261207_1305_search_functions_plpgsql`.
 *
 *   npx tsx bench/import-statements-ab.ts BEFORE_DIR AFTER_DIR [rounds]
 */
import fs from "node:fs";
import pg from "pg";
import { type BenchDatabase, keptDatabase } from "./database.js";

const ROWS = 5000;

const SQL_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION tandem_search_norm(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT replace(lower(translate(public.unaccent('public.unaccent'::regdictionary, $1),
      'ЁёЂђЋћҢңӨөҮүҰұҚқҒғҺһІіӘә', 'ЕеДдЧчНнОоУуУуКкГгХхИиАа')), 'dj', 'd') $$;
  CREATE OR REPLACE FUNCTION tandem_search_join(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;
  CREATE OR REPLACE FUNCTION tandem_search_tsv(VARIADIC text[]) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_tsvector('simple'::regconfig, coalesce(public.tandem_search_norm(array_to_string($1, ' ')), '')) $$;`;

/** CPU seconds (user + system) of one process. */
function cpu(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Side {
  label: string;
  client: pg.Client;
  pid: number;
  owner: string;
  setup: string | null;
  insert: number[];
  catchUp: number[];
}

async function side(label: string, db: BenchDatabase, setup: string | null): Promise<Side> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const pid = (await client.query<{ p: number }>("select pg_backend_pid() as p")).rows[0]?.p ?? 0;
  const owner = (await client.query<{ id: string }>("select id from users order by created_at limit 1"))
    .rows[0]?.id;
  if (!owner) throw new Error(`${label}: no users (load a bench data set first)`);
  return { label, client, pid, owner, setup, insert: [], catchUp: [] };
}

async function round(s: Side): Promise<void> {
  const salt = `${Date.now() % 1e6}`;
  await s.client.query("begin");
  try {
    if (s.setup) await s.client.query(s.setup);
    let t = cpu(s.pid);
    await s.client.query(
      `insert into contacts (name, owner_id, created_by, email_values, phone_e164, search_pending)
       select (array['Иван','Мария','John','Emma'])[1 + g % 4] || ' ' || (array['Петров','Smith','Кузнецов'])[1 + g % 3],
         $1, $1, array['ab' || $2 || '-' || g || '@example' || (g % 7) || '.com'],
         array['+7' || (9000000000 + $2::bigint * 10000 + g)], true
       from generate_series(1, ${ROWS}) g`,
      [s.owner, salt],
    );
    s.insert.push(cpu(s.pid) - t);
    t = cpu(s.pid);
    await s.client.query(
      "update contacts set search_pending = false where search_pending and email_values[1] like 'ab' || $1 || '-%'",
      [salt],
    );
    s.catchUp.push(cpu(s.pid) - t);
  } finally {
    await s.client.query("rollback");
  }
}

const perRow = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const us = (x: number | undefined) => (((x ?? 0) / ROWS) * 1e6).toFixed(0);
  return `min ${us(sorted[0])} µs/row, median ${us(sorted[Math.floor(sorted.length / 2)])} µs/row`;
};

async function main(): Promise<void> {
  const [before, after, roundsArg] = process.argv.slice(2);
  if (!before || !after)
    throw new Error("usage: tsx bench/import-statements-ab.ts BEFORE_DIR AFTER_DIR [rounds]");
  const fnOnly = process.env.FN === "sql";
  const dbs: BenchDatabase[] = [];
  try {
    const b = fnOnly ? null : await keptDatabase(before, () => {});
    const a = await keptDatabase(after, () => {});
    for (const d of [b, a]) if (d) dbs.push(d);
    const sides = fnOnly
      ? [await side("SQL functions", a, SQL_FUNCTIONS), await side("PL/pgSQL functions", a, null)]
      : [await side("before", b as BenchDatabase, null), await side("after", a, null)];
    const rounds = Number(roundsArg ?? 8);
    for (let r = 0; r < rounds; r++)
      for (const s of r % 2 === 0 ? sides : [...sides].reverse()) await round(s);
    for (const s of sides) {
      console.log(`${s.label}: pending insert ${perRow(s.insert)}; catch-up ${perRow(s.catchUp)}`);
      await s.client.end();
    }
  } finally {
    for (const d of dbs) await d.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
