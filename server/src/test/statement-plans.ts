import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createPool } from "../platform/db/database.js";
import type { DB } from "../platform/db/generated/db.js";
import type { TestContext } from "./harness.js";

export interface CapturedStatement {
  sql: string;
  parameters: readonly unknown[];
}

export interface StatementPlans {
  /** A connection of its own whose statements are recorded in `statements`. */
  readonly db: Kysely<DB>;
  /** What `db` ran, oldest first; tests clear it (`length = 0`) before the call they plan. */
  readonly statements: CapturedStatement[];
  /** The plan of a recorded statement with its own parameters, as lines — planned as that call's custom plan is. */
  explain(statement: CapturedStatement): Promise<string[]>;
}

/** For plan-shape tests: a recording connection and EXPLAIN on another, both closed after the file. */
export function useStatementPlans(t: TestContext): StatementPlans {
  const statements: CapturedStatement[] = [];
  let db: Kysely<DB> | undefined;
  let explainer: pg.Pool | undefined;

  beforeAll(() => {
    explainer = createPool(t.url, 1);
    db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: createPool(t.url, 1) }),
      log: (event) => {
        if (event.level === "query") statements.push(event.query);
      },
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await explainer?.end();
  });

  return {
    get db() {
      if (!db) throw new Error("useStatementPlans: db used before beforeAll");
      return db;
    },
    statements,
    async explain(statement) {
      if (!explainer) throw new Error("useStatementPlans: explain used before beforeAll");
      const res = await explainer.query(`explain ${statement.sql}`, [...statement.parameters]);
      return res.rows.map((r: Record<string, string>) => r["QUERY PLAN"] ?? "");
    },
  };
}
