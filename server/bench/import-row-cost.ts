/**
 * Where an imported contact's PostgreSQL time goes, component by component, usable on a loaded machine: one
 * backend inserts 5,000 contacts in the import's shape (rows copied from the set's newest contacts, given new
 * ids, e-mails and phones, `search_pending` as a large import writes them) in a transaction rolled back, once per
 * variant — as the import writes them, with one index / trigger / foreign key removed inside the transaction, by
 * COPY instead of `jsonb_populate_recordset`, and the journal's 5,000 rows three ways — and reads the backend's
 * CPU (/proc, Linux, same machine) around the timed statement. Variants alternate within each round.
 *
 *   npx tsx bench/import-row-cost.ts KEEP_DIR|postgres://… [rounds] [variant,…]
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { copyRows } from "./copy-text.js";
import { keptDatabase } from "./database.js";

const ROWS = 5000;

function cpu(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Row = Record<string, unknown>;

interface Variant {
  name: string;
  setup?: string;
  run(c: pg.Client, rows: Row[], columns: string[], importId: string): Promise<void>;
}

const insertJson = async (c: pg.Client, rows: Row[], columns: string[]) => {
  const cols = columns.map((k) => `"${k}"`).join(", ");
  const picks = columns.map((k) => `x."${k}"`).join(", ");
  await c.query(
    `insert into contacts (${cols}) select ${picks} from jsonb_populate_recordset(null::contacts, $1::jsonb) as x`,
    [JSON.stringify(rows)],
  );
};

const journalRows = (rows: Row[]) =>
  rows.map((r, i) => ({ row_number: 100_000_000 + i, record_id: r.id as string }));

function variants(indexes: string[]): Variant[] {
  const base: Variant[] = [
    { name: "insert (json, as the import)", run: insertJson },
    {
      name: "parse only (select from jsonb_populate_recordset)",
      run: async (c, rows) => {
        await c.query("select count(*) from jsonb_populate_recordset(null::contacts, $1::jsonb) as x", [
          JSON.stringify(rows),
        ]);
      },
    },
    {
      name: "insert by COPY (text)",
      run: async (c, rows, columns) => {
        await copyRows(c, "contacts", columns, await columnTypes(c, "contacts", columns), rows);
      },
    },
    {
      name: "insert, no duplicate-keys trigger",
      setup: "alter table contacts disable trigger duplicate_keys_insert",
      run: insertJson,
    },
    {
      name: "insert, no users foreign keys",
      setup:
        "alter table contacts drop constraint contacts_created_by_fkey, drop constraint contacts_owner_id_fkey",
      run: insertJson,
    },
    {
      name: "insert, created_at indexes as before (list + analytics copy)",
      setup: `drop index if exists contacts_analytics_created_idx; drop index contacts_created_idx;
        create index contacts_created_idx on contacts (created_at, id) where deleted_at is null;
        create index contacts_analytics_created_idx on contacts (created_at) include (owner_id, source)
          where deleted_at is null`,
      run: insertJson,
    },
    {
      name: "insert, created_at indexes merged (one with INCLUDE)",
      setup: `drop index if exists contacts_analytics_created_idx; drop index contacts_created_idx;
        create index contacts_created_idx on contacts (created_at, id) include (owner_id, source)
          where deleted_at is null`,
      run: insertJson,
    },
    {
      name: "insert, users foreign keys as one existence check per statement",
      setup: `alter table contacts drop constraint contacts_created_by_fkey, drop constraint contacts_owner_id_fkey;
        create function pg_temp.users_exist() returns trigger language plpgsql as $$
        begin
          if exists (select 1 from (select owner_id as u from new_rows union select created_by from new_rows) n
                     where n.u is not null and not exists (select 1 from users where id = n.u)) then
            raise exception 'unknown user' using errcode = 'foreign_key_violation';
          end if;
          return null;
        end $$;
        create trigger users_exist after insert on contacts referencing new table as new_rows
          for each statement execute function pg_temp.users_exist()`,
      run: insertJson,
    },
    {
      name: "insert, no active-owner trigger",
      setup: "alter table contacts disable trigger contacts_active_owner_insert",
      run: insertJson,
    },
    {
      name: "insert, floor (pkey only, no triggers, no foreign keys)",
      setup: `alter table contacts disable trigger user;
        alter table contacts drop constraint contacts_created_by_fkey, drop constraint contacts_owner_id_fkey;
        ${indexes.map((i) => `drop index ${i};`).join("\n")}`,
      run: insertJson,
    },
    {
      name: "journal: jsonb_to_recordset (as the import)",
      run: async (c, rows, _cols, importId) => {
        await c.query(
          `insert into import_rows (import_id, row_number, record_id, action)
           select $1, j.row_number, j.record_id, 'created'
           from jsonb_to_recordset($2::jsonb) as j(row_number int, record_id uuid)`,
          [importId, JSON.stringify(journalRows(rows))],
        );
      },
    },
    {
      name: "journal: COPY (text)",
      run: async (c, rows, _cols, importId) => {
        const j = journalRows(rows).map((r) => ({ ...r, import_id: importId, action: "created" }));
        const cols = ["import_id", "row_number", "record_id", "action"];
        await copyRows(c, "import_rows", cols, await columnTypes(c, "import_rows", cols), j);
      },
    },
    {
      name: "journal: unnest(int[], uuid[])",
      run: async (c, rows, _cols, importId) => {
        const j = journalRows(rows);
        await c.query(
          `insert into import_rows (import_id, row_number, record_id, action)
           select $1, n, id, 'created' from unnest($2::int[], $3::uuid[]) as j(n, id)`,
          [importId, j.map((r) => r.row_number), j.map((r) => r.record_id)],
        );
      },
    },
  ];
  return [
    ...base,
    ...indexes.map((i) => ({
      name: `insert, without index ${i}`,
      setup: `drop index ${i}`,
      run: insertJson,
    })),
  ];
}

const typeCache = new Map<string, string[]>();
async function columnTypes(c: pg.Client, table: string, columns: string[]): Promise<string[]> {
  const key = `${table}:${columns.join(",")}`;
  const cached = typeCache.get(key);
  if (cached) return cached;
  const r = await c.query<{ attname: string; t: string }>(
    `select attname, format_type(atttypid, atttypmod) as t from pg_attribute
     where attrelid = $1::regclass and attnum > 0 and not attisdropped`,
    [table],
  );
  const types = columns.map((k) => r.rows.find((x) => x.attname === k)?.t ?? "text");
  typeCache.set(key, types);
  return types;
}

async function main(): Promise<void> {
  const [target, roundsArg, only] = process.argv.slice(2);
  if (!target)
    throw new Error("usage: tsx bench/import-row-cost.ts KEEP_DIR|URL [rounds] [variant substrings]");
  const kept = target.startsWith("postgres") ? null : await keptDatabase(target, () => {});
  const c = new pg.Client({ connectionString: kept?.url ?? target });
  await c.connect();
  try {
    const pid = (await c.query<{ p: number }>("select pg_backend_pid() as p")).rows[0]?.p ?? 0;
    const importId = (await c.query<{ id: string }>("select id from imports limit 1")).rows[0]?.id;
    if (!importId) throw new Error("no import in this database (run the import bench once)");
    const sample = (
      await c.query<{ j: Row }>(
        `select to_jsonb(c) - 'created_at' - 'updated_at' - 'version' - 'deleted_at' - 'merged_into'
           - 'search_pending' - 'external_id' as j
         from contacts c order by created_at desc limit ${ROWS}`,
      )
    ).rows.map((r) => r.j);
    const columns = [...new Set(sample.flatMap((r) => Object.keys(r))), "search_pending"];
    const indexes = (
      await c.query<{ i: string }>(
        `select indexrelid::regclass::text as i from pg_index
         where indrelid = 'contacts'::regclass and not indisprimary order by 1`,
      )
    ).rows.map((r) => r.i);
    const filter = only ? only.split(",") : null;
    const list = variants(indexes).filter((v) => !filter || filter.some((f) => v.name.includes(f)));
    const spent = new Map<string, number[]>(list.map((v) => [v.name, []]));
    const rounds = Number(roundsArg ?? 3);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? list : [...list].reverse();
      for (const v of order) {
        const salt = `${Date.now() % 1e7}${round}`;
        const rows = sample.map((r, i) => ({
          ...r,
          id: randomUUID(),
          email_values: (r.email_values as string[]).map((e) => `r${salt}-${e}`),
          phone_e164: (r.phone_e164 as string[]).map((_p, k) => `+1${salt}${i}${k}`),
          search_pending: true,
        }));
        await c.query("begin");
        try {
          if (v.setup) await c.query(v.setup);
          const t = cpu(pid);
          await v.run(c, rows, columns, importId);
          spent.get(v.name)?.push(cpu(pid) - t);
        } finally {
          await c.query("rollback");
        }
      }
    }
    for (const [name, xs] of spent) {
      const sorted = [...xs].sort((a, b) => a - b);
      const us = (x: number | undefined) => Math.round(((x ?? 0) / ROWS) * 1e6);
      console.log(
        `${name.padEnd(64)} min ${String(us(sorted[0])).padStart(4)} µs/row, median ${String(us(sorted[Math.floor(sorted.length / 2)])).padStart(4)}`,
      );
    }
  } finally {
    await c.end();
    await kept?.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
