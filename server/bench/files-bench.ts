/**
 * The files scenario on its own (no data set): a fresh database, one administrator with an API token and one
 * contact, then `scenarios/files.ts` — 50 MB upload and download through the real server, MB/s and RSS.
 *
 *   npx tsx bench/files-bench.ts        (BENCH_DATABASE_URL to use a running PostgreSQL)
 */

import { createApiToken } from "../src/modules/auth/api-tokens.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { createUser } from "../src/test/auth.js";
import { benchDatabase } from "./database.js";
import { files } from "./scenarios/files.js";
import type { BenchContext } from "./scenarios/types.js";

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  installEntities(modules);
  installChangeEvents(modules);
  const database = await benchDatabase(log);
  const pool = createPool(database.url, 3);
  const db = createDb(pool);
  try {
    await migrateToLatest(db as never);
    const admin = await createUser(db, { roleKey: "admin" });
    const token = await createApiToken(db, admin.id, { name: "files benchmark" });
    const contact = await db
      .insertInto("contacts")
      .values({ first_name: "Bench", last_name: "Files", name: "Bench Files", owner_id: admin.id } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    const auth = { authorization: `Bearer ${token.token}` };
    const ctx = {
      baseUrl: "",
      databaseUrl: database.url,
      auth,
      managerAuth: auth,
      adminId: admin.id,
      ownerId: admin.id,
      pool,
      db,
      routes: new Set(["POST /api/v1/files"]),
      rows: {},
      records: {
        busyContactId: contact.id,
        busyCompanyId: null,
        customFields: { segment: null, score: false },
      },
      scale: "files",
      factor: 0,
      quick: false,
      importRows: null,
      log,
      fetchJson: async () => {
        throw new Error("not used");
      },
    } as BenchContext;
    const measured = files.measure ? await files.measure(ctx) : "no measure";
    if (typeof measured === "string") throw new Error(measured);
    for (const m of measured) log(`${m.name}: ${m.value} ${m.unit}${m.note ? ` (${m.note})` : ""}`);
  } finally {
    await db.destroy();
    await database.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
