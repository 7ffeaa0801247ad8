import type pg from "pg";
import type { SqlFloor } from "./measure.js";

export interface SlowestStatement {
  /** The statement, whitespace collapsed and cut to 300 characters. */
  sql: string;
  /** Execution time EXPLAIN ANALYZE reports (planning excluded). */
  ms: number;
  planningMs: number;
  /** The plan in text form. */
  plan: string[];
}

/**
 * EXPLAIN ANALYZE of every statement of a floor, in one rolled-back transaction (so a set_config(…, true)
 * still applies to the statements after it); returns the slowest, to say where a case's SQL time goes.
 */
export async function slowestStatement(pool: pg.Pool, floor: SqlFloor): Promise<SlowestStatement | null> {
  const client = await pool.connect();
  let worst: SlowestStatement | null = null;
  try {
    await client.query("begin");
    for (const q of floor.statements) {
      if (!/^\s*(select|with)\b/i.test(q.text)) {
        await client.query(q.text, q.values ?? []);
        continue;
      }
      const r = await client.query<{ "QUERY PLAN": string }>(
        `explain (analyze, buffers) ${q.text}`,
        q.values ?? [],
      );
      const plan = r.rows.map((row) => row["QUERY PLAN"]);
      const num = (label: string) =>
        Number(plan.find((l) => l.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? Number.NaN);
      const ms = num("Execution Time");
      if (!worst || ms > worst.ms) {
        worst = {
          sql: q.text.replace(/\s+/g, " ").slice(0, 300),
          ms,
          planningMs: num("Planning Time"),
          plan,
        };
      }
    }
  } finally {
    await client.query("rollback").catch(() => {});
    client.release();
  }
  return worst;
}
