/**
 * CPU per request of the read paths of issue 10 item 21 against a data set kept by `npm run bench -- --keep DIR`:
 *
 *   npx tsx bench/cpu-bench.ts DIR [requests=5000] [connections=10] [--profile PROFILE_DIR]
 *
 * Starts the bench server (bench/server.ts) on DIR's database, and for each path prints the server process's and
 * the PostgreSQL backends' CPU µs per request (bench/cpu.ts). Paths (`--only`, comma-separated): readyz, contact,
 * company, deal, list, timeline, floor, floor-prepared. With --profile the server writes a V8 CPU profile
 * (summarize it with bench/profile-summary.ts).
 */
import { parseArgs } from "node:util";
import { createApiToken } from "../src/modules/auth/api-tokens.js";
import { getContact } from "../src/modules/contacts/service.js";
import { modules } from "../src/modules/index.js";
import { createDb, createPool } from "../src/platform/db/database.js";
import { installChangeEvents } from "../src/platform/events/catalogue.js";
import { installEntities } from "../src/platform/records/catalog.js";
import { serviceFloor } from "./capture.js";
import { measureCpu, measureSqlCpu } from "./cpu.js";
import { keptDatabase } from "./database.js";
import { benchId } from "./generators/types.js";
import { startServerProcess } from "./server-process.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { profile: { type: "string" }, only: { type: "string" }, repeat: { type: "string" } },
});
const [dir, amountArg, connArg] = positionals;
if (!dir) throw new Error("usage: npx tsx bench/cpu-bench.ts DIR [requests] [connections] [--profile DIR]");
const amount = Number(amountArg ?? 5000);
const connections = Number(connArg ?? 10);
const log = (line: string) => console.log(`[cpu] ${line}`);

installEntities(modules);
installChangeEvents(modules);
const database = await keptDatabase(dir, log);
const pool = createPool(database.url, connections + 2);
const db = createDb(createPool(database.url, 2));
const server = await startServerProcess({
  databaseUrl: database.url,
  poolSize: Math.max(10, connections),
  cpuProfileDir: values.profile ?? null,
  log,
});
try {
  const id = async (table: string) =>
    (await pool.query<{ id: string }>(`select ${benchId(table, "1")}::text as id`)).rows[0]?.id as string;
  const token = await createApiToken(db, await id("users"), { name: "cpu" });
  const headers = { authorization: `Bearer ${token.token}` };
  const contact = await id("contacts");
  const paths: Record<string, string> = {
    readyz: "/readyz",
    contact: `/api/v1/contacts/${contact}`,
    company: `/api/v1/companies/${await id("companies")}`,
    deal: `/api/v1/deals/${await id("deals")}`,
    list: "/api/v1/contacts?limit=50",
    timeline: `/api/v1/timeline/contacts/${contact}?limit=50`,
  };
  const only = values.only?.split(",") ?? Object.keys(paths);
  for (let i = 0; i < Number(values.repeat ?? 1); i++)
    for (const name of only) {
      const path = paths[name];
      if (name === "floor" || name === "floor-prepared") {
        const floor = await serviceFloor(
          pool,
          db,
          await id("users"),
          (d, rctx) => getContact(d, rctx, contact),
          {
            transaction: false,
          },
        );
        const r = await measureSqlCpu(pool, floor, {
          amount,
          connections,
          prepared: name === "floor-prepared",
        });
        log(
          `${name} GET contact's SQL straight through pg: client ${r.serverUs} µs/req, postgres ${r.postgresUs} µs/req`,
        );
        continue;
      }
      if (!path) continue;
      const r = await measureCpu(
        server.baseUrl,
        { path, headers },
        { pid: server.pid, pool, amount, connections },
      );
      log(
        `${name.padEnd(9)} ${path}: server ${r.serverUs} µs/req, postgres ${r.postgresUs ?? "-"} µs/req, client ${r.clientUs} µs/req, ${r.serverSyscalls ?? "-"} server syscalls/req, ${r.reqPerSec} req/s (${r.requests} ok, ${r.errors} errors)`,
      );
    }
} finally {
  await server.stop();
  await db.destroy();
  await pool.end();
  await database.dispose();
}
