import pino from "pino";
import { describe, expect, it } from "vitest";
import { normalizeTaxIds } from "../../platform/records/values.js";
import { useTestContext } from "../../test/harness.js";
import { PERSON_NAMES } from "./data.js";
import { loadDemoData } from "./load.js";

describe("demo data", () => {
  const t = useTestContext({ modules: [] });
  const count = async (table: "companies" | "contacts" | "deals" | "tasks" | "activities" | "users") =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("loads once, with valid tax ids, phones and a stage history per deal", async () => {
    const logger = pino({ level: "silent" });
    await loadDemoData(t.deps, logger);
    const first = {
      companies: await count("companies"),
      contacts: await count("contacts"),
      deals: await count("deals"),
    };
    expect(first.companies).toBeGreaterThanOrEqual(15);
    expect(first.contacts).toBeGreaterThanOrEqual(20);
    expect(first.deals).toBe(40);
    expect(await count("tasks")).toBe(30);
    expect(await count("activities")).toBe(30);
    await loadDemoData(t.deps, logger);
    expect({
      companies: await count("companies"),
      contacts: await count("contacts"),
      deals: await count("deals"),
    }).toEqual(first);

    // A person's first and last name agree in gender ("Алексей Новиков", never "Алексей Новикова").
    const people = await t.db.selectFrom("contacts").select(["first_name", "last_name"]).execute();
    const groups = Object.values(PERSON_NAMES).flat();
    const mixed = people.filter(
      (p) => !groups.some((g) => g.first.includes(p.first_name ?? "") && g.last.includes(p.last_name ?? "")),
    );
    expect(mixed.map((p) => `${p.first_name} ${p.last_name}`)).toEqual([]);

    const companies = await t.db.selectFrom("companies").select(["tax_ids", "phone_e164"]).execute();
    for (const c of companies) {
      const errors: never[] = [];
      normalizeTaxIds(c.tax_ids, errors);
      expect(errors).toEqual([]);
      expect(c.phone_e164).toHaveLength(1);
    }
    const open = await t.db
      .selectFrom("deal_stage_history")
      .select("deal_id")
      .where("left_at", "is", null)
      .execute();
    expect(new Set(open.map((h) => h.deal_id)).size).toBe(40);
    expect(open).toHaveLength(40);
  });
});
