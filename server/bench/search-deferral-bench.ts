/**
 * What deferred fuzzy-search indexing saves and costs (docs/PERFORMANCE.md, issue 10 item 22), against a migrated
 * database at `url` holding contacts, on the same machine as its PostgreSQL (CPU is read from /proc):
 *
 *   npx tsx bench/search-deferral-bench.ts statements postgres://… <postmaster pid>
 *     one INSERT … SELECT of 100,000 contacts (rolled back) with every index, written search-pending, the
 *     catch-up UPDATE, and the pending insert with the exact GINs / every index but the key dropped
 *   npx tsx bench/search-deferral-bench.ts pipeline postgres://… <postmaster pid> [rows] [modes]
 *     the import pipeline (dry run, run, catch-up) alternating deferred / immediate runs in one process
 *
 * Figures: CPU seconds of the statement's backend (statements) or of all PostgreSQL processes (pipeline).
 */

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import pg from "pg";
import { runDryRun } from "../src/modules/imports/dry-run.js";
import { runImport } from "../src/modules/imports/job.js";
import { configure, createImport } from "../src/modules/imports/service.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { catchUpBatch } from "../src/platform/records/search-backlog.js";
import { generateContactsCsv } from "./import-bench.js";

const [mode, url, postmaster, rowsArg, modesArg] = process.argv.slice(2);
const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
/** utime + stime (+ reaped children's for the postmaster) in seconds. */
function cpuOf(pid: string, children = false): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const own = Number(f[11]) + Number(f[12]);
  return (children ? own + Number(f[13]) + Number(f[14]) : own) / 100;
}
function clusterCpu(): number {
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (pid === postmaster) total += cpuOf(pid, true);
      else if (fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1] === postmaster)
        total += cpuOf(pid);
    } catch {}
  }
  return total;
}

async function statements(): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const pid = String((await c.query("select pg_backend_pid() as p")).rows[0].p);
  const insert = (
    pending: boolean,
  ) => `insert into contacts (id, name, first_name, last_name, position, phones,
      phone_e164, phone_digits, emails, email_values, owner_id, created_by, custom, search_pending)
    select gen_random_uuid(), name, first_name, last_name, position, phones, phone_e164, phone_digits, emails,
      array(select 'x' || e from unnest(email_values) e), owner_id, created_by, custom, ${pending}
    from contacts where not search_pending limit 100000`;
  const step = async (label: string, q: string) => {
    const [c0, t0] = [cpuOf(pid), Date.now()];
    await c.query(q);
    console.log(
      JSON.stringify({
        label,
        cpuSeconds: +(cpuOf(pid) - c0).toFixed(2),
        wallSeconds: (Date.now() - t0) / 1000,
        load: load(),
      }),
    );
  };
  const others = (
    await c.query(`select string_agg(indexname, ', ') as l from pg_indexes
    where tablename = 'contacts' and indexname <> 'contacts_pkey'`)
  ).rows[0].l;
  const cases: Array<[string, string, boolean, string]> = [
    ["every index (search_pending false)", "", false, ""],
    ["search_pending true (fuzzy indexes skipped)", "", true, "catch-up: update set search_pending = false"],
    [
      "pending, exact GINs dropped too",
      "drop index contacts_emails_gin, contacts_phone_e164_gin, contacts_tags_gin",
      true,
      "",
    ],
    ["pending, every index but the key dropped", `drop index ${others}`, true, ""],
  ];
  for (const [label, pre, pending, after] of cases) {
    await c.query("begin");
    if (pre) await c.query(pre);
    await step(`insert 100k, ${label}`, insert(pending));
    if (after) await step(after, "update contacts set search_pending = false where search_pending");
    await c.query("rollback");
  }
  await c.end();
}

async function pipeline(): Promise<void> {
  installEntities(modules);
  installChangeEvents(modules);
  const rows = Number(rowsArg ?? 25_000);
  const db = createDb(createPool(url as string, 4));
  const role = await db.selectFrom("roles").select("id").where("key", "=", "admin").executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({
      email: `deferral-${randomBytes(4).toString("hex")}@example.com`,
      name: "Deferral bench",
      role_id: role.id,
      language: "ru",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const actor = await actorForUser(db, user.id);
  if (!actor) throw new Error("bench user is inactive");
  const ctx = { actor, requestId: "deferral-bench", ip: null, userAgent: null };
  let salt = Date.now() % 100_000;
  for (const m of (modesArg ?? "deferred,immediate,deferred,immediate").split(",")) {
    const csv = Buffer.from(generateContactsCsv(rows, ++salt * 1_000_003));
    const imp = await createImport(db, ctx, {
      entity: "contacts",
      fileName: "b.csv",
      source: Readable.from([csv]),
      limitBytes: 1 << 30,
    });
    await configure(db, ctx, imp.id, {
      mapping: imp.mapping,
      options: { skipInvalidRows: true, duplicatePolicy: "skip" },
    });
    await db.updateTable("imports").set({ status: "validating" }).where("id", "=", imp.id).execute();
    await runDryRun(db, imp.id);
    await db.updateTable("imports").set({ status: "queued" }).where("id", "=", imp.id).execute();
    const [c0, t0, n0, before] = [clusterCpu(), Date.now(), process.cpuUsage(), load()];
    await runImport(db, imp.id, { deferSearchMinRows: m === "deferred" ? 1 : Number.MAX_SAFE_INTEGER });
    const [c1, t1, n1] = [clusterCpu(), Date.now(), process.cpuUsage(n0)];
    let caught = 0;
    for (let n = await catchUpBatch(db, "contacts"); n; n = await catchUpBatch(db, "contacts")) caught += n;
    const [c2, t2] = [clusterCpu(), Date.now()];
    console.log(
      JSON.stringify({
        mode: m,
        rows,
        rowsPerSecond: Math.round(rows / ((t1 - t0) / 1000)),
        runSeconds: (t1 - t0) / 1000,
        runPgCpu: +(c1 - c0).toFixed(1),
        runNodeCpu: +((n1.user + n1.system) / 1e6).toFixed(1),
        catchUpRows: caught,
        catchUpSeconds: (t2 - t1) / 1000,
        catchUpPgCpu: +(c2 - c1).toFixed(1),
        load: `${before} → ${load()}`,
      }),
    );
  }
  await db.destroy();
}

if (!url || !postmaster || (mode !== "statements" && mode !== "pipeline")) {
  console.error("usage: search-deferral-bench.ts statements|pipeline <url> <postmaster pid> [rows] [modes]");
  process.exitCode = 2;
} else {
  (mode === "statements" ? statements() : pipeline()).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
