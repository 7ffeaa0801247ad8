/**
 * Contacts with their companies from one file (issue 11 item 5): the same N-row contacts CSV imported twice on a
 * fresh database — once without the Company/Website/City columns (the baseline), once with them and the option
 * `missingCompanies: create` (N/4 distinct companies, each named by four rows spread over the file, 10% of them
 * existing beforehand, spelled in another case). Prints dry-run and run rows/s for both.
 *
 *   npx tsx bench/import-companies-bench.ts 10000
 */
import { Readable } from "node:stream";
import { runDryRun } from "../src/modules/imports/dry-run.js";
import { runImport } from "../src/modules/imports/job.js";
import { configure, createImport } from "../src/modules/imports/service.js";
import { modules } from "../src/modules/index.js";
import type { RequestContext } from "../src/platform/access/actor.js";
import { createDb, createPool, type Database } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { actorForUser } from "../src/platform/records/actor.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { benchDatabase } from "./database.js";

const companyName = (i: number) => `Bench Company ${i} LLC`;

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

async function importOnce(db: Database, ctx: RequestContext, csv: Buffer, withCompanies: boolean) {
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
  let t0 = process.hrtime.bigint();
  await db.updateTable("imports").set({ status: "validating" }).where("id", "=", imp.id).execute();
  await runDryRun(db, imp.id);
  const dryRunSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
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

async function main(rows: number) {
  installChangeEvents(modules);
  installEntities(modules);
  const database = await benchDatabase((line) => console.error(line));
  const db = createDb(createPool(database.url, 4));
  try {
    await migrateToLatest(db as never);
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
    const companies = Math.max(1, Math.floor(rows / 4));
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
    const baseline = await importOnce(db, ctx, csvOf(rows, "a"), false);
    const together = await importOnce(db, ctx, csvOf(rows, "b"), true);
    console.log(JSON.stringify({ rows, existingCompanies: existing.length, baseline, together }, null, 2));
  } finally {
    await db.destroy();
    await database.dispose();
  }
}

main(Number(process.argv[2] ?? 10_000)).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
