import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForUser } from "../../platform/records/actor.js";
import { parseQuery } from "../../platform/records/parse-query.js";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { useStatementPlans } from "../../test/statement-plans.js";

/**
 * Global and quick search answer from indexes. A correlated EXISTS inside the contacts' match predicate once made
 * every search a sequential scan (100k contacts: 2.6 s); with 30,000 analysed contacts the planner shows it.
 */
describe("contacts search plan", () => {
  const t = useTestContext();
  const plans = useStatementPlans(t);
  const { statements } = plans;

  beforeAll(async () => {
    const owner = await createUser(t.db, { roleKey: "sales_manager" });
    await sql`insert into contacts (name, first_name, last_name, owner_id)
      select 'Person ' || i, 'Person', 'N' || i, ${owner.id}::uuid from generate_series(1, 30000) i`.execute(
      t.db,
    );
    await sql`analyze contacts`.execute(t.db);
  });

  it("reads contacts through the search indexes, for an administrator and a sales manager", async () => {
    const contacts = t.deps.entities.require("contacts").capabilities.search;
    for (const roleKey of ["admin", "sales_manager"] as const) {
      const actor = await actorForUser(t.db, (await createUser(t.db, { roleKey })).id);
      if (!actor || !contacts) throw new Error("no actor or provider");
      for (const text of ["kuzne", "Иван Петров", "info@acme"]) {
        const q = parseQuery(text);
        const norm = (await sql<{ n: string }>`select tandem_search_norm(${q.text}) as n`.execute(t.db))
          .rows[0]?.n as string;
        statements.length = 0;
        await contacts.search(plans.db, actor, { q, norm, limit: 10 });
        const [statement] = statements;
        if (!statement) throw new Error("no statement");
        // The captured statement with its own parameters: planned as the search's custom plan is.
        const plan = await plans.explain(statement);
        const text_ = plan.join("\n");
        expect(text_, `${roleKey} · "${text}"`).not.toMatch(/Seq Scan on contacts/);
        // A manager's scope (their team's owners) is itself selective: the owner index may serve it instead.
        if (roleKey === "admin") {
          expect(text_, `${roleKey} · "${text}"`).toMatch(/Bitmap Index Scan on contacts_search_name_trgm/);
        }
      }
    }
  });
});
