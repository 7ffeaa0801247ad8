/**
 * Contacts with their companies from one file (issue 11 item 5): the same N-row contacts CSV imported twice on a
 * fresh database — once without the Company/Website/City columns (the baseline), once with them and the option
 * `missingCompanies: create` (N/4 distinct companies, each named by four rows spread over the file, 10% of them
 * existing beforehand, spelled in another case). Prints dry-run and run rows/s for both.
 *
 *   npx tsx bench/import-companies-bench.ts 10000
 *   npx tsx bench/import-companies-bench.ts 100000 --keep /work/bench1m --dry-run-only
 *
 * `--keep DIR`: on the data set a `npm run bench -- --keep DIR` loaded (e.g. 1M contacts, 200k companies), as its
 * administrator; the 10% existing companies are the set's own (their names upper-cased), so nothing is inserted
 * before the imports. `--dry-run-only`: the dry runs only (no records written); the imports and their files are
 * deleted afterwards, so a kept set is left as it was; `--rounds N` repeats the pair of dry runs N times. Each dry
 * run reports this process's CPU per row (`dryRunNodeCpuUsPerRow`), the figure load hardly moves.
 */
import { Readable } from "node:stream";
import { sql } from "kysely";
import { runDryRun } from "../src/modules/imports/dry-run.js";
import { runImport } from "../src/modules/imports/job.js";
import { configure, createImport } from "../src/modules/imports/service.js";
import { modules } from "../src/modules/index.js";
import type { RequestContext } from "../src/platform/access/actor.js";
import { createDb, createPool, type Database } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { deleteFile } from "../src/platform/files/storage.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { benchDatabase, keptDatabase } from "./database.js";
import { benchId } from "./generators/types.js";

/** Companies the file names that exist beforehand (every tenth, index → name as stored). */
const existingNames = new Map<number, string>();
const companyName = (i: number) => existingNames.get(i) ?? `Bench Company ${i} LLC`;

function csvOf(rows: number, salt: string): Buffer {
  const companies = Math.max(1, Math.floor(rows / 4));
  const lines = ["First Name;Last Name;Email;Phone;Company;Website;City"];
  for (let i = 0; i < rows; i++) {
    const c = i % companies;
    const phone = `+7 916 ${String(1_000_000 + ((i * 7919) % 8_999_999)).slice(0, 7)}`;
    lines.push(
      [
        `Name${i}`,
        `Last${i % 97}`,
        `u${salt}${i}@bench${i % 7}.example`,
        phone,
        companyName(c),
        `https://company${c}.example`,
        ["Austin", "Москва", "Beograd", "Алматы"][c % 4],
      ].join(";"),
    );
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

async function importOnce(
  db: Database,
  ctx: RequestContext,
  csv: Buffer,
  withCompanies: boolean,
  dryRunOnly: boolean,
) {
  const chunks = Array.from({ length: Math.ceil(csv.length / 65536) }, (_, i) =>
    csv.subarray(i * 65536, (i + 1) * 65536),
  );
  const imp = await createImport(db, ctx, {
    entity: "contacts",
    fileName: "bench.csv",
    source: Readable.from(chunks),
    limitBytes: 1024 * 1024 * 1024,
  });
  const mapping: Record<string, string> = { "0": "firstName", "1": "lastName", "2": "email", "3": "phone" };
  if (withCompanies) Object.assign(mapping, { "4": "company", "5": "company.website", "6": "company.city" });
  await configure(db, ctx, imp.id, {
    mapping,
    options: { skipInvalidRows: true, duplicatePolicy: "skip", missingCompanies: "create" },
  });
  await db.updateTable("imports").set({ status: "validating" }).where("id", "=", imp.id).execute();
  let t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await runDryRun(db, imp.id);
  const cpu = process.cpuUsage(cpu0);
  const dryRunSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (dryRunOnly) {
    const checked = await db
      .selectFrom("imports")
      .selectAll()
      .where("id", "=", imp.id)
      .executeTakeFirstOrThrow();
    const report = {
      withCompanies,
      rows: checked.total_rows,
      status: checked.status,
      companiesToCreate: checked.dry_run?.companiesToCreate ?? null,
      dryRunRowsPerSecond: Math.round((checked.total_rows ?? 0) / dryRunSeconds),
      // This process's CPU (the whole pipeline but PostgreSQL's side) per row: what load hardly moves.
      dryRunNodeCpuUsPerRow: Number(((cpu.user + cpu.system) / (checked.total_rows || 1)).toFixed(1)),
    };
    await db.deleteFrom("imports").where("id", "=", imp.id).execute();
    await deleteFile(db as never, checked.file_id);
    return report;
  }
  await db.updateTable("imports").set({ status: "queued" }).where("id", "=", imp.id).execute();
  t0 = process.hrtime.bigint();
  await runImport(db, imp.id);
  const runSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const done = await db.selectFrom("imports").selectAll().where("id", "=", imp.id).executeTakeFirstOrThrow();
  if (done.status !== "completed") throw new Error(`import ended ${done.status}: ${done.error}`);
  const rows = done.processed;
  return {
    withCompanies,
    rows,
    created: done.created,
    companiesCreated: done.companies_created,
    companiesToCreate: done.dry_run?.companiesToCreate ?? null,
    dryRunRowsPerSecond: Math.round(rows / dryRunSeconds),
    runRowsPerSecond: Math.round(rows / runSeconds),
  };
}

/** The baseline and the with-companies import; with `--dry-run-only`, `--rounds N` pairs of dry runs. */
async function importPasses(db: Database, ctx: RequestContext, rows: number, dryRunOnly: boolean) {
  if (!dryRunOnly) {
    const baseline = await importOnce(db, ctx, csvOf(rows, "a"), false, false);
    return { baseline, together: await importOnce(db, ctx, csvOf(rows, "b"), true, false) };
  }
  const baseline = [];
  const together = [];
  for (let round = 0; round < rounds; round++) {
    baseline.push(await importOnce(db, ctx, csvOf(rows, `a${round}`), false, true));
    together.push(await importOnce(db, ctx, csvOf(rows, `b${round}`), true, true));
  }
  return { baseline, together };
}

async function main(rows: number, keepDir: string | null, dryRunOnly: boolean) {
  installChangeEvents(modules);
  installEntities(modules);
  const log = (line: string) => console.error(line);
  const database = keepDir ? await keptDatabase(keepDir, log) : await benchDatabase(log);
  const db = createDb(createPool(database.url, 4));
  try {
    await migrateToLatest(db as never);
    const companies = Math.max(1, Math.floor(rows / 4));
    if (keepDir) {
      const admin = (
        await sql<{ id: string }>`select ${sql.raw(benchId("users", "1"))}::text as id`.execute(db)
      ).rows[0]?.id as string;
      const actor = await actorForUser(db, admin);
      if (!actor) throw new Error("the kept set has no active administrator");
      const ctx: RequestContext = { actor, requestId: "companies-bench", ip: null, userAgent: null };
      const taken = await sql<{ name: string }>`select name from companies where deleted_at is null
        order by id limit ${Math.ceil(companies / 10)}`.execute(db);
      taken.rows.forEach((r, k) => {
        existingNames.set(k * 10, r.name.toUpperCase());
      });
      const passes = await importPasses(db, ctx, rows, dryRunOnly);
      console.log(JSON.stringify({ rows, existingCompanies: taken.rows.length, ...passes }, null, 2));
      return;
    }
    const role = await db
      .selectFrom("roles")
      .select("id")
      .where("key", "=", "admin")
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto("users")
      .values({ email: "companies-bench@example.com", name: "Bench", role_id: role.id, language: "en" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const actor = await actorForUser(db, user.id);
    if (!actor) throw new Error("bench user is inactive");
    const ctx: RequestContext = { actor, requestId: "companies-bench", ip: null, userAgent: null };
    const existing = Array.from({ length: Math.ceil(companies / 10) }, (_, k) => ({
      name: companyName(k * 10).toUpperCase(),
      owner_id: user.id,
      created_by: user.id,
    }));
    for (let i = 0; i < existing.length; i += 1000) {
      await db
        .insertInto("companies")
        .values(existing.slice(i, i + 1000))
        .execute();
    }
    // As a kept set's are: without statistics the name probes of a batch take ~1 s instead of ~0.2 s.
    await sql`analyze companies`.execute(db);
    const passes = await importPasses(db, ctx, rows, dryRunOnly);
    console.log(JSON.stringify({ rows, existingCompanies: existing.length, ...passes }, null, 2));
  } finally {
    await db.destroy();
    await database.dispose();
  }
}

const argv = process.argv.slice(2);
const keepAt = argv.indexOf("--keep");
const roundsAt = argv.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1] ?? 1) : 1;
main(
  Number(argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== "--rounds") ?? 10_000),
  keepAt >= 0 ? (argv[keepAt + 1] ?? null) : null,
  argv.includes("--dry-run-only"),
).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
