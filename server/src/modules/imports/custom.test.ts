import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

/** Imports apply the API's custom-field rules and the deal rules (pipeline/stage by name, lost reason). */
describe("imports: custom fields and deals", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let managerEmail: string;

  const call = (method: "GET" | "POST" | "PUT", url: string, headers = manager, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function importCsv(entity: string, csv: string, mapping: Record<string, string>) {
    const up = await upload(t.app, manager, entity, csv);
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const put = await call("PUT", `/api/v1/imports/${id}/mapping`, manager, {
      mapping,
      options: { skipInvalidRows: true, duplicatePolicy: "create" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const dry = await dryRun(t, manager, id);
    expect(dry.statusCode, dry.body).toBe(200);
    const errors = (await call("GET", `/api/v1/imports/${id}/errors.csv`)).body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n")
      .slice(1);
    return { id, dryRun: dry.json().dryRun, errors };
  }

  async function run(id: string) {
    expect((await call("POST", `/api/v1/imports/${id}/run`)).statusCode).toBe(202);
    await runImport(t.db, id);
    return (await call("GET", `/api/v1/imports/${id}`)).json();
  }

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    // A head of sales without a team: imports, and reads only their own records.
    const m = await createUser(t.db, { roleKey: "head_of_sales" });
    managerEmail = m.email;
    manager = await tokenHeaders(t.db, m.id);
    const fields = [
      {
        key: "tier",
        type: "select",
        required: true,
        defaultValue: "silver",
        options: [
          { value: "gold", label: "Gold" },
          { value: "silver", label: "Silver" },
        ],
      },
      { key: "code", type: "text", unique: true },
      { key: "budget", type: "money" },
      { key: "buddy", type: "user" },
      { key: "employer", type: "link", linkEntity: "companies" },
      { key: "altPhone", type: "phone" },
    ];
    for (const f of fields) {
      const res = await call("POST", "/api/v1/custom-fields", admin, {
        entity: "contacts",
        label: f.key,
        ...f,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const segment = { entity: "companies", key: "segment", label: "Segment", type: "text", required: true };
    expect((await call("POST", "/api/v1/custom-fields", admin, segment)).statusCode).toBe(201);
  });

  it("validates custom values like the API: types, users, links in scope, unique, defaults", async () => {
    const acme = await call("POST", "/api/v1/companies", manager, {
      name: "Acme",
      custom: { segment: "b2b" },
    });
    expect(acme.statusCode, acme.body).toBe(201);
    const other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const hidden = await call("POST", "/api/v1/companies", other, {
      name: "Hidden Co",
      custom: { segment: "x" },
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const existing = await call("POST", "/api/v1/contacts", manager, {
      firstName: "Old",
      custom: { code: "EXIST" },
    });
    expect(existing.statusCode, existing.body).toBe(201);
    const acmeId = acme.json().id as string;

    const csv = [
      "Name,Tier,Code,Budget,Buddy,Employer,Alt phone",
      `Ann A,,A1,"1 234,50",${managerEmail.toUpperCase()},acme,+7 916 123-45-67`,
      "Bob B,gold,A1,,,,",
      "Cid C,,EXIST,,,,",
      "Dan D,,,10.555,,,",
      "Eve E,,,,nobody@example.com,,",
      "Fay F,,,,,Hidden Co,",
      `Gus G,gold,G1,,,${acmeId},`,
      "Hal H,bronze,,,,,",
    ].join("\n");
    const mapping = {
      "0": "name",
      "1": "custom.tier",
      "2": "custom.code",
      "3": "custom.budget",
      "4": "custom.buddy",
      "5": "custom.employer",
      "6": "custom.altPhone",
    };
    const { id, dryRun, errors } = await importCsv("contacts", csv, mapping);
    expect(dryRun).toMatchObject({ total: 8, valid: 2, invalid: 6, toCreate: 2 });
    const rowsWithErrors = errors.map((l) => `${l.split(",")[0]}:${l.split(",")[1]}`).sort();
    expect(rowsWithErrors).toEqual(["3:Code", "4:Code", "5:Budget", "6:Buddy", "7:Employer", "9:Tier"]);
    expect(errors.find((l) => l.startsWith("3,"))).toContain("Row 2 of this file");
    const done = await run(id);
    expect(done.progress).toMatchObject({ created: 2, failed: 6 });
    const rows = await t.db
      .selectFrom("contacts")
      .select(["name", "custom"])
      .where("name", "in", ["Ann A", "Gus G", "Bob B", "Fay F"])
      .orderBy("name")
      .execute();
    const buddy = await t.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", managerEmail)
      .executeTakeFirstOrThrow();
    expect(rows).toEqual([
      {
        name: "Ann A",
        custom: {
          tier: "silver",
          code: "A1",
          budget: "1234.50",
          buddy: buddy.id,
          employer: acmeId,
          altPhone: "+79161234567",
        },
      },
      { name: "Gus G", custom: { tier: "gold", code: "G1", employer: acmeId } },
    ]);
  });

  it("refuses new records without a required custom value", async () => {
    const csv = "Name,Segment\nWith Segment,smb\nWithout Segment,\n";
    const { id, dryRun, errors } = await importCsv("companies", csv, { "0": "name", "1": "custom.segment" });
    expect(dryRun).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(errors).toEqual([expect.stringMatching(/^3,Segment,,This field is required\./)]);
    await run(id);
    const names = await t.db.selectFrom("companies").select("name").where("name", "like", "With%").execute();
    expect(names.map((n) => n.name)).toEqual(["With Segment"]);
  });

  it("imports deals with pipeline and stage by name, decimal amounts and lost reasons", async () => {
    const pipeline = await call("POST", "/api/v1/pipelines", admin, { name: "Enterprise" });
    expect(pipeline.statusCode, pipeline.body).toBe(201);
    const csv = [
      "Title,Amount,Currency,Pipeline,Stage,Lost reason,Company",
      'Big deal,"12 500,75",rub,enterprise,proposal,,Deals Party',
      "Lost deal,100,RUB,Enterprise,Lost,Too expensive,Deals Party",
      "Lost no reason,100,RUB,Enterprise,Lost,,Deals Party",
      "Too precise,10.555,RUB,Enterprise,Proposal,,Deals Party",
      "No currency,10,,Enterprise,Proposal,,Deals Party",
      "Bad stage,10,RUB,Enterprise,Nowhere,,Deals Party",
      "Bad pipeline,10,RUB,Nowhere,Proposal,,Deals Party",
      "No party,10,RUB,Enterprise,Proposal,,",
    ].join("\n");
    const mapping = {
      "0": "title",
      "1": "amount",
      "2": "currency",
      "3": "pipeline",
      "4": "stage",
      "5": "lostReason",
      "6": "company",
    };
    const party = await call("POST", "/api/v1/companies", manager, {
      name: "Deals Party",
      custom: { segment: "b2b" },
    });
    expect(party.statusCode, party.body).toBe(201);
    const { id, dryRun, errors } = await importCsv("deals", csv, mapping);
    expect(dryRun).toMatchObject({ total: 8, valid: 2, invalid: 6 });
    expect(errors.map((l) => l.split(",").slice(0, 2).join(":")).sort()).toEqual([
      "4:Lost reason",
      "5:Amount",
      "6:Currency",
      "7:Stage",
      "8:Pipeline",
      "9:Company",
    ]);
    expect(errors.find((l) => l.startsWith("9,"))).toContain("A deal needs a company or a contact");
    await run(id);
    const deals = await t.db
      .selectFrom("deals as d")
      .innerJoin("pipelines as p", "p.id", "d.pipeline_id")
      .innerJoin("pipeline_stages as s", "s.id", "d.stage_id")
      .select(["d.title", "d.amount", "d.currency", "p.name as pipeline", "s.name as stage", "d.lost_reason"])
      .where("p.name", "=", "Enterprise")
      .orderBy("d.title")
      .execute();
    expect(deals).toEqual([
      {
        title: "Big deal",
        amount: "12500.75",
        currency: "RUB",
        pipeline: "Enterprise",
        stage: "Proposal",
        lost_reason: null,
      },
      {
        title: "Lost deal",
        amount: "100.00",
        currency: "RUB",
        pipeline: "Enterprise",
        stage: "Lost",
        lost_reason: "Too expensive",
      },
    ]);
  });
});
