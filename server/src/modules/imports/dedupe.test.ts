import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { createCompany, dryRun, upload } from "./test-helpers.js";

/** Duplicate policies and match keys, the journal of updates and their revert, and the read scope. */
describe("import duplicates", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", a.id).execute();
    admin = await tokenHeaders(t.db, a.id);
  });

  const call = (method: "GET" | "POST" | "PUT", url: string, headers = admin, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** Upload → mapping/options → dry run (job) → run (job); returns the dry-run counts and the final import. */
  async function importFile(
    entity: string,
    csv: string,
    mapping: Record<string, string>,
    options: Record<string, unknown>,
    headers = admin,
  ) {
    const up = await upload(t.app, headers, entity, csv);
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const put = await call("PUT", `/api/v1/imports/${id}/mapping`, headers, { mapping, options });
    expect(put.statusCode, put.body).toBe(200);
    const dry = (await dryRun(t, headers, id)).json();
    expect(dry.status, JSON.stringify(dry)).toBe("validated");
    const report = (await call("GET", `/api/v1/imports/${id}/errors.csv`, headers)).body;
    const run = await call("POST", `/api/v1/imports/${id}/run`, headers);
    expect(run.statusCode, run.body).toBe(202);
    await runImport(t.db, id);
    const done = (await call("GET", `/api/v1/imports/${id}`, headers)).json();
    return { id, counts: dry.dryRun, report, done };
  }
  const revert = async (id: string) => {
    const res = await call("POST", `/api/v1/imports/${id}/revert`);
    expect(res.statusCode, res.body).toBe(200);
  };
  const journal = (id: string) =>
    t.db.selectFrom("import_rows").select(["action", "before"]).where("import_id", "=", id).execute();
  const live = (table: "contacts" | "companies" | "deals", where: ReturnType<typeof sql<boolean>>) =>
    t.db.selectFrom(table).selectAll().where(where).where("deleted_at", "is", null).execute();

  it("matches contacts by phone in any format; create adds a second record, update journals and reverts", async () => {
    const phone = sql<boolean>`phone_e164 @> array['+79161110022']::text[]`;
    await importFile(
      "contacts",
      "Name;Phone;Position\nPhone One;+7 916 111-00-22;Engineer\n",
      {
        "0": "name",
        "1": "phone",
        "2": "position",
      },
      { duplicatePolicy: "skip", matchKey: "phone" },
    );
    expect(await live("contacts", phone)).toHaveLength(1);

    const again = "Name;Phone;Position\nPhone One;8 (916) 111-00-22;Chief\n";
    const mapping = { "0": "name", "1": "phone", "2": "position" };
    const skip = await importFile("contacts", again, mapping, { duplicatePolicy: "skip", matchKey: "phone" });
    expect(skip.counts).toMatchObject({ duplicates: 1, toSkip: 1, toCreate: 0 });
    expect(skip.report).toContain("A record with this value already exists.");

    const created = await importFile("contacts", again, mapping, {
      duplicatePolicy: "create",
      matchKey: "phone",
    });
    expect(created.counts).toMatchObject({ duplicates: 1, toCreate: 1, toSkip: 0, toUpdate: 0 });
    expect(created.done.progress).toMatchObject({ created: 1, updated: 0 });
    expect((await live("contacts", phone)).map((c) => c.position).sort()).toEqual(["Chief", "Engineer"]);
    await revert(created.id);
    expect((await live("contacts", phone)).map((c) => c.position)).toEqual(["Engineer"]);

    const updated = await importFile("contacts", again, mapping, {
      duplicatePolicy: "update",
      matchKey: "phone",
    });
    expect(updated.counts).toMatchObject({ duplicates: 1, toUpdate: 1 });
    expect(updated.done.progress).toMatchObject({ updated: 1, created: 0 });
    expect((await live("contacts", phone)).map((c) => c.position)).toEqual(["Chief"]);
    const rows = await journal(updated.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.action).toBe("updated");
    expect(rows[0]?.before).toMatchObject({ position: "Engineer" });
    await revert(updated.id);
    expect((await live("contacts", phone)).map((c) => c.position)).toEqual(["Engineer"]);
  });

  it("matches companies by tax ID written differently; update journals and reverts", async () => {
    const inn = sql<boolean>`tax_id_values @> array['INN:7707083893']::text[]`;
    const mapping = { "0": "name", "1": "taxId", "2": "industry" };
    await importFile("companies", "Name;Tax ID;Industry\nSber;ИНН 7707083893;Banking\n", mapping, {
      duplicatePolicy: "skip",
      matchKey: "taxId",
    });
    const again = "Name;Tax ID;Industry\nSber renamed;7707083893;Finance\n";
    const created = await importFile("companies", again, mapping, {
      duplicatePolicy: "create",
      matchKey: "taxId",
    });
    expect(created.counts).toMatchObject({ duplicates: 1, toCreate: 1 });
    expect(await live("companies", inn)).toHaveLength(2);
    await revert(created.id);

    const updated = await importFile("companies", again, mapping, {
      duplicatePolicy: "update",
      matchKey: "taxId",
    });
    expect(updated.counts).toMatchObject({ duplicates: 1, toUpdate: 1 });
    const [company] = await live("companies", inn);
    expect(company).toMatchObject({ name: "Sber renamed", industry: "Finance" });
    expect((await journal(updated.id))[0]?.before).toMatchObject({ name: "Sber", industry: "Banking" });
    await revert(updated.id);
    expect(await live("companies", inn)).toMatchObject([{ name: "Sber", industry: "Banking" }]);
  });

  it("matches deals by title ignoring case and spacing; update journals and reverts", async () => {
    const title = sql<boolean>`lower(regexp_replace(trim(title), '\\s+', ' ', 'g')) = 'big deal'`;
    const mapping = { "0": "title", "1": "amount", "2": "currency", "3": "company" };
    await createCompany(t.app, admin, "Title Match Co");
    await importFile("deals", "Title;Amount;Currency;Company\nBig Deal;1000;RUB;Title Match Co\n", mapping, {
      duplicatePolicy: "skip",
      matchKey: "name",
    });
    const again = "Title;Amount;Currency;Company\n  big   DEAL ;2500.50;RUB;Title Match Co\n";
    const created = await importFile("deals", again, mapping, {
      duplicatePolicy: "create",
      matchKey: "name",
    });
    expect(created.counts).toMatchObject({ duplicates: 1, toCreate: 1 });
    expect(await live("deals", title)).toHaveLength(2);
    await revert(created.id);

    const updated = await importFile("deals", again, mapping, {
      duplicatePolicy: "update",
      matchKey: "name",
    });
    expect(updated.counts).toMatchObject({ duplicates: 1, toUpdate: 1 });
    const deals = await live("deals", title);
    expect(deals.map((d) => Number(d.amount))).toEqual([2500.5]);
    expect(Number((await journal(updated.id))[0]?.before?.amount)).toBe(1000);
    await revert(updated.id);
    expect((await live("deals", title)).map((d) => Number(d.amount))).toEqual([1000]);
  });

  it("never matches or reports records outside the importer's read scope", async () => {
    // Sales managers read their team's contacts and import their own.
    await sql`update roles set permissions = jsonb_set(permissions, '{contacts,import}', '"own"')
      where key = 'sales_manager'`.execute(t.db);
    const teamA = await createTeam(t.db, "Team A");
    const teamB = await createTeam(t.db, "Team B");
    const manager = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
    const mate = await createUser(t.db, { roleKey: "sales_manager", teamId: teamA.id });
    const stranger = await createUser(t.db, { roleKey: "sales_manager", teamId: teamB.id });
    const headers = await tokenHeaders(t.db, manager.id);
    for (const [owner, email] of [
      [stranger.id, "hidden@other-team.example"],
      [mate.id, "visible@my-team.example"],
    ] as const) {
      const res = await call("POST", "/api/v1/contacts", admin, {
        firstName: "Existing",
        emails: [{ value: email }],
        ownerId: owner,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const csv = "Name,Email\nNew Hidden,hidden@other-team.example\nNew Visible,visible@my-team.example\n";
    const mapping = { "0": "name", "1": "email" };
    const skip = await importFile(
      "contacts",
      csv,
      mapping,
      { duplicatePolicy: "skip", matchKey: "email" },
      headers,
    );
    expect(skip.counts).toMatchObject({ total: 2, duplicates: 1, toCreate: 1, toSkip: 1 });
    expect(skip.report).not.toContain("hidden@other-team.example");
    expect(skip.report).toContain("visible@my-team.example");
    const hidden = sql<boolean>`email_values @> array['hidden@other-team.example']::text[]`;
    const owners = (await live("contacts", hidden)).map((c) => c.owner_id).sort();
    expect(owners).toEqual([manager.id, stranger.id].sort());

    // With "update", the team-mate's contact is seen but may not be updated; the stranger's is untouched.
    const upd = await importFile(
      "contacts",
      csv,
      mapping,
      { duplicatePolicy: "update", matchKey: "email" },
      headers,
    );
    expect(upd.report).toContain("Matches a record you may not update.");
    expect(upd.report).not.toContain("hidden@other-team.example");
    const strangers = await live("contacts", sql<boolean>`owner_id = ${stranger.id}`);
    expect(strangers.map((c) => c.name)).toEqual(["Existing"]);
  });
});
