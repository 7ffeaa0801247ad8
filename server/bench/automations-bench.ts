/**
 * The automations scenario on its own (no synthetic data set): a fresh database with 2,000 deals, the real
 * server in a child process for request latency, then `scenarios/automations.ts`.
 *
 *   npx tsx bench/automations-bench.ts [--quick] [--throughput]
 *
 * `--throughput`: only the actions measure (actions/s, CPU and statements per action); `BENCH_TRACE=1` lists one
 * run's statements.
 */
import { createApiToken } from "../src/modules/auth/api-tokens.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { migrateToLatest } from "../src/platform/db/migrate.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { benchDatabase } from "./database.js";
import { automations, automationThroughput } from "./scenarios/automations.js";
import type { BenchContext } from "./scenarios/types.js";
import { startServerProcess } from "./server-process.js";

const log = (line: string) => console.log(`[bench] ${line}`);
const quick = process.argv.includes("--quick");
const throughputOnly = process.argv.includes("--throughput");

installEntities(modules);
installChangeEvents(modules);
const database = await benchDatabase(log);
const raw = createPool(database.url, 8);
const db = createDb(createPool(database.url, 4));
try {
  await migrateToLatest(db as never);
  const admin = await raw.query<{ id: string }>(
    `insert into users (email, name, role_id) select 'bench-admin@example.com', 'Bench admin', id from roles
     where key = 'admin' returning id`,
  );
  const adminId = admin.rows[0]?.id as string;
  const company = await raw.query<{ id: string }>(
    "insert into companies (name, owner_id) values ('Bench Ltd', $1) returning id",
    [adminId],
  );
  await raw.query(
    `insert into deals (title, company_id, owner_id, pipeline_id, stage_id, probability)
     select 'Deal ' || g, $2, $1, s.pipeline_id, s.id, s.probability
     from generate_series(1, 2000) g,
       (select s.* from pipeline_stages s join pipelines p on p.id = s.pipeline_id where p.is_default
        order by s.position limit 1) s`,
    [adminId, company.rows[0]?.id],
  );
  await raw.query(
    `insert into contacts (first_name, last_name, name, owner_id) select 'C' || g, 'Bench', 'C' || g || ' Bench', $1 from generate_series(1, 2000) g`,
    [adminId],
  );
  const token = await createApiToken(db, adminId, { name: "bench" });
  const auth = { authorization: `Bearer ${token.token}` };
  const server = await startServerProcess({ databaseUrl: database.url, poolSize: 10, log });
  try {
    const ctx = {
      baseUrl: server.baseUrl,
      databaseUrl: database.url,
      auth,
      managerAuth: auth,
      adminId,
      ownerId: adminId,
      pool: raw,
      db,
      routes: server.routes,
      rows: {},
      records: { busyContactId: "", busyCompanyId: null, customFields: { segment: null, score: false } },
      scale: "automations",
      factor: 1,
      quick,
      importRows: null,
      log,
      fetchJson: async <T>(p: string, headers: Record<string, string> = auth) => {
        const res = await fetch(`${server.baseUrl}${p}`, { headers });
        if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      },
    } as BenchContext;
    const metrics = throughputOnly ? await automationThroughput(ctx) : await automations.measure?.(ctx);
    for (const m of Array.isArray(metrics) ? metrics : []) {
      log(`${m.name}: ${m.value} ${m.unit}${m.note ? ` — ${m.note}` : ""}`);
    }
  } finally {
    await server.stop();
  }
} finally {
  await raw.end();
  await db.destroy();
  await database.dispose();
}
