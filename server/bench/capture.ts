import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import type { RequestContext } from "../src/platform/access/actor.js";
import type { DB } from "../src/platform/db/schema.js";
import { actorForUser } from "../src/platform/records/actor.js";
import type { SqlFloor } from "./measure.js";

/**
 * Runs a service function once against the benchmark database and records every statement it sends (SQL
 * text and bound values, through Kysely's query log): exactly the SQL behind a route, to replay as its floor.
 */
export async function captureSql(
  pool: pg.Pool,
  run: (db: Kysely<DB>) => Promise<unknown>,
  opts: { transaction: boolean },
): Promise<SqlFloor> {
  const statements: SqlFloor["statements"] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: pool as never }),
    log: (event) => {
      if (event.level === "query")
        statements.push({ text: event.query.sql, values: [...event.query.parameters] });
    },
  });
  if (opts.transaction) await db.transaction().execute((trx) => run(trx));
  else await run(db);
  // Kysely logs a transaction's begin/commit too; the replay adds its own (SqlFloor.transaction).
  const control = /^\s*(begin|start transaction|commit|rollback)\b/i;
  const inTransaction = opts.transaction || statements.some((q) => /^\s*begin\b/i.test(q.text));
  // No db.destroy(): that would end the shared pool.
  return { statements: statements.filter((q) => !control.test(q.text)), transaction: inTransaction };
}

/** The floor of a route: its service function called once as `userId` (the route's own transaction or not). */
export async function serviceFloor(
  pool: pg.Pool,
  db: Kysely<DB>,
  userId: string,
  run: (db: Kysely<DB>, ctx: RequestContext) => Promise<unknown>,
  opts: { transaction: boolean } = { transaction: true },
): Promise<SqlFloor> {
  const actor = await actorForUser(db, userId);
  if (!actor) throw new Error(`benchmark user ${userId} is missing or inactive`);
  const ctx: RequestContext = { actor, requestId: "bench-floor", ip: null, userAgent: null };
  return captureSql(pool, (d) => run(d, ctx), opts);
}
