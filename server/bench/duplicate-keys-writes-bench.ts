/**
 * Write cost of the duplicate-key triggers on contacts (fresh database): 20k inserts (batches of 1,000), 20k
 * unrelated updates (`notes`, batches of 1,000), 2,000 single-row unrelated updates, 5k owner changes (batches
 * of 500), 5k name changes (batches of 500).
 *
 *   npx tsx bench/duplicate-keys-writes-bench.ts [--triggers off] [--install path/to/old/duplicate-keys.ts]
 *     [--pending]
 *
 * `--triggers off` drops the triggers (the floor); `--install` re-installs contacts' triggers with another
 * version's `installDuplicateKeys` (a "before" copy, e.g. from `git show REV:…`). `--pending` inserts the rows
 * `search_pending`, as a large import does (their name keys wait for the search catch-up).
 */
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { createDb, createPool } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { benchDatabase } from "./database.js";

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const log = (line: string) => console.log(line);

const bdb = await benchDatabase(log);
const pool = createPool(bdb.url, 2);
const db = createDb(pool);
const raw = db as unknown as Kysely<unknown>;
try {
  await migrateToLatest(raw);
  const install = opt("--install");
  if (install) {
    const mod = (await import(path.resolve(install))) as {
      installDuplicateKeys: typeof import("../src/platform/records/duplicate-keys.js").installDuplicateKeys;
    };
    await mod.installDuplicateKeys(
      raw,
      {
        entity: "contacts",
        table: "contacts",
        ownerColumn: "owner_id",
        softDeleteColumn: "deleted_at",
        values: [
          { reason: "email", column: "email_values" },
          { reason: "phone", column: "phone_e164" },
        ],
        name: { column: "name", city: "city" },
      },
      { backfill: false },
    );
  }
  if (opt("--triggers") === "off")
    for (const t of ["insert", "update", "delete", "truncate"])
      await sql.raw(`DROP TRIGGER duplicate_keys_${t} ON contacts`).execute(db);
  const role = await sql<{ id: string }>`select id from roles where key = 'admin'`.execute(db);
  const users = await sql<{ id: string }>`
    insert into users (email, name, role_id, password_hash, password_changed_at)
    select 'bench-' || g || '@example.com', 'Bench ' || g, ${role.rows[0]?.id}, 'x', now()
    from generate_series(1, 2) g returning id`.execute(db);
  const [u1, u2] = users.rows.map((r) => r.id);
  const time = async (label: string, fn: () => Promise<void>) => {
    const t0 = performance.now();
    await fn();
    log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  };
  const pending = argv.includes("--pending");
  await time(`insert 20k (20 × 1,000)${pending ? ", pending search" : ""}`, async () => {
    for (let b = 0; b < 20; b++)
      await sql`insert into contacts (name, city, email_values, phone_e164, owner_id, search_pending)
        select 'Ковалёв Фёдор ' || g || ' ООО', 'Алматы', array['p' || g || '@ex.example'],
          array['+7701' || lpad(g::text, 7, '0')], ${u1}, ${pending}
        from generate_series(${b * 1000 + 1}::int, ${b * 1000 + 1000}::int) g`.execute(db);
  });
  const ids = (await sql<{ id: string }>`select id from contacts order by id`.execute(db)).rows.map(
    (r) => r.id,
  );
  await time("update notes 20k (20 × 1,000)", async () => {
    for (let b = 0; b < 20; b++)
      await sql`update contacts set notes = 'n' || random() where id = any(${ids.slice(b * 1000, b * 1000 + 1000)}::uuid[])`.execute(
        db,
      );
  });
  await time("update notes 2,000 single rows", async () => {
    for (const id of ids.slice(0, 2000))
      await sql`update contacts set notes = 'single' where id = ${id}`.execute(db);
  });
  await time("owner change 5k (10 × 500)", async () => {
    for (let b = 0; b < 10; b++)
      await sql`update contacts set owner_id = ${u2} where id = any(${ids.slice(b * 500, b * 500 + 500)}::uuid[])`.execute(
        db,
      );
  });
  await time("name change 5k (10 × 500)", async () => {
    for (let b = 0; b < 10; b++)
      await sql`update contacts set name = name || ' Jr' where id = any(${ids.slice(5000 + b * 500, 5000 + b * 500 + 500)}::uuid[])`.execute(
        db,
      );
  });
  const k = await sql<{ n: string; owned: string }>`
    select count(*)::text as n, count(*) filter (where owner_id = ${u2})::text as owned from record_duplicate_keys`.execute(
    db,
  );
  log(
    `keys ${k.rows[0]?.n}, with the new owner ${k.rows[0]?.owned}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
} finally {
  await db.destroy();
  await bdb.dispose();
}
