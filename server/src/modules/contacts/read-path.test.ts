import { beforeAll, describe, expect, it } from "vitest";
import { listFieldsFor, mentionsCustomField } from "../../platform/access/fields.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import {
  ensureCrmEntities,
  insertCompany,
  insertContact,
  insertDeal,
  insertPipeline,
  linkContactToCompany,
} from "../activities/test-records.js";

/**
 * Read routes run on the pool without a transaction, with independent statements at once, and read custom-field
 * metadata only when the query names a custom field. None of that may change an answer: these tests pin the
 * answers that depend on it (a field defined a moment ago, counts across pages, 404 before 400 outside scope).
 */
describe("read path: lists and records without transactions", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  let managerId: string;
  let outsiderId: string;

  beforeAll(async () => {
    ensureCrmEntities();
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const team = await createTeam(t.db, "Read path team");
    const m = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    managerId = m.id;
    manager = await tokenHeaders(t.db, m.id);
    outsiderId = (await createUser(t.db, { roleKey: "sales_manager" })).id;
  });

  const get = (url: string, headers = admin) => t.app.inject({ method: "GET", url, headers });
  const listRaw = (entity: string, rawFilter: string, extra = "") =>
    get(`/api/v1/${entity}?limit=50&filter=${encodeURIComponent(rawFilter)}${extra}`);
  const names = (res: { json(): unknown }) =>
    ((res.json() as { items: Array<{ name: string }> }).items ?? []).map((i) => i.name);

  it("knows which list queries name a custom field (a JSON escape counts)", () => {
    expect(mentionsCustomField({})).toBe(false);
    expect(
      mentionsCustomField({ filter: '{"field":"name","op":"eq","value":"x"}', sort: "-createdAt" }),
    ).toBe(false);
    expect(mentionsCustomField({ filter: '{"field":"custom.tier","op":"eq","value":1}' })).toBe(true);
    expect(mentionsCustomField({ filter: '{"field":"custom\\u002etier","op":"eq","value":1}' })).toBe(true);
    expect(mentionsCustomField({ sort: "name,-custom.tier" })).toBe(true);
  });

  it("filters and sorts by a custom field defined a moment ago, however its key is spelled", async () => {
    const tag = `rp${Date.now().toString(36)}`;
    const before = await listRaw("contacts", JSON.stringify({ field: "custom.tier", op: "eq", value: 3 }));
    expect(before.statusCode).toBe(422);
    expect(before.json().errors).toEqual([
      expect.objectContaining({ field: "filter.custom.tier", code: "unknown_field" }),
    ]);

    const def = await t.app.inject({
      method: "POST",
      url: "/api/v1/custom-fields",
      headers: admin,
      payload: { entity: "contacts", key: "tier", label: "Tier", type: "number", filterable: true },
    });
    expect(def.statusCode, def.body).toBe(201);
    for (const [firstName, tier] of [
      [`${tag} A`, 3],
      [`${tag} B`, 7],
      [`${tag} C`, undefined],
    ] as const) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/contacts",
        headers: admin,
        payload: { firstName, ...(tier === undefined ? {} : { custom: { tier } }) },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const ours = { field: "name", op: "startsWith", value: tag };

    const gt = await listRaw(
      "contacts",
      JSON.stringify({ and: [ours, { field: "custom.tier", op: "gt", value: 5 }] }),
    );
    expect(gt.statusCode, gt.body).toBe(200);
    expect(names(gt)).toEqual([`${tag} B`]);

    // `\u002e` is a JSON escape of "." — the same key, so the same answer.
    const escaped = `{"and":[${JSON.stringify(ours)},{"field":"custom\\u002etier","op":"eq","value":3}]}`;
    const esc = await listRaw("contacts", escaped);
    expect(esc.statusCode, esc.body).toBe(200);
    expect(names(esc)).toEqual([`${tag} A`]);

    const sorted = await listRaw(
      "contacts",
      JSON.stringify({ and: [ours, { field: "custom.tier", op: "isNotEmpty" }] }),
      "&sort=-custom.tier",
    );
    expect(sorted.statusCode, sorted.body).toBe(200);
    expect(names(sorted)).toEqual([`${tag} B`, `${tag} A`]);

    // Standard fields only, even with "custom." inside a value: answered as before.
    const plain = await listRaw(
      "contacts",
      JSON.stringify({ field: "name", op: "contains", value: "custom." }),
    );
    expect(plain.statusCode, plain.body).toBe(200);
    expect(names(plain)).toEqual([]);
    const byName = await listRaw("contacts", JSON.stringify(ours), "&sort=-name");
    expect(names(byName)).toEqual([`${tag} C`, `${tag} B`, `${tag} A`]);

    for (const [filter, field] of [
      [{ field: "custom.nope", op: "eq", value: 1 }, "filter.custom.nope"],
      [{ field: "nope", op: "eq", value: 1 }, "filter.nope"],
    ] as const) {
      const bad = await listRaw("contacts", JSON.stringify(filter));
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field, code: "unknown_field" })]);
    }
    const badSort = await get("/api/v1/contacts?sort=custom.nope");
    expect(badSort.statusCode).toBe(422);
    expect(badSort.json().errors).toEqual([expect.objectContaining({ field: "sort.custom.nope" })]);

    // Without a custom field in the query the plan gets the standard fields; with one, the defined fields too.
    const standard = await listFieldsFor(t.db, "contacts", { filter: JSON.stringify(ours) });
    expect(standard.some((f) => f.custom)).toBe(false);
    const all = await listFieldsFor(t.db, "contacts", { sort: "custom.tier" });
    expect(all.map((f) => f.key)).toContain("custom.tier");
  });

  it("counts the whole list on the first page (page and count at once) and not on later pages", async () => {
    const tag = `cnt${Date.now().toString(36)}`;
    for (let i = 0; i < 5; i++) await insertCompany(t.db, managerId, { name: `${tag} ${i}` });
    await insertCompany(t.db, outsiderId, { name: `${tag} foreign` });
    const filter = encodeURIComponent(JSON.stringify({ field: "name", op: "startsWith", value: tag }));
    const seen: string[] = [];
    let res = await get(`/api/v1/companies?limit=2&sort=name&filter=${filter}`, manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toEqual({ count: 5, capped: false });
    seen.push(...names(res));
    while (res.json().nextCursor) {
      res = await get(
        `/api/v1/companies?limit=2&sort=name&filter=${filter}&cursor=${encodeURIComponent(res.json().nextCursor)}`,
        manager,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().total).toBeUndefined();
      seen.push(...names(res));
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));

    const tasks = await get("/api/v1/tasks?view=all&limit=1", manager);
    expect(tasks.statusCode, tasks.body).toBe(200);
    expect(tasks.json().total).toEqual({ count: 0, capped: false });
  });

  it("reads records with their memberships and links, and answers 404 outside the read scope", async () => {
    const company = await insertCompany(t.db, managerId, { name: "Member Co" });
    const contact = await insertContact(t.db, managerId, { name: "Member Person" });
    await linkContactToCompany(t.db, contact, company);
    const got = await get(`/api/v1/contacts/${contact}`, manager);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json().companies).toEqual([
      expect.objectContaining({ companyId: company, name: "Member Co" }),
    ]);

    const foreignContact = await insertContact(t.db, outsiderId);
    await linkContactToCompany(t.db, foreignContact, company);
    const hidden = await get(`/api/v1/contacts/${foreignContact}`, manager);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain("Member Co");

    const pipeline = await insertPipeline(t.db);
    const foreignDeal = await insertDeal(t.db, outsiderId, pipeline, { company_id: company });
    expect((await get(`/api/v1/deals/${foreignDeal}/stage-history`, manager)).statusCode).toBe(404);
    expect((await get(`/api/v1/deals/${foreignDeal}`, manager)).statusCode).toBe(404);
    const ownDeal = await insertDeal(t.db, managerId, pipeline, { company_id: company });
    expect((await get(`/api/v1/deals/${ownDeal}/stage-history`, manager)).statusCode).toBe(200);

    const task = await t.app.inject({
      method: "POST",
      url: "/api/v1/tasks",
      headers: admin,
      payload: { title: "Admin's task", links: [{ entity: "companies", id: company }] },
    });
    expect(task.statusCode, task.body).toBe(201);
    const ownTask = await get(`/api/v1/tasks/${task.json().id}`);
    expect(ownTask.statusCode).toBe(200);
    expect(ownTask.json().links).toEqual([expect.objectContaining({ entity: "companies", id: company })]);
    expect((await get(`/api/v1/tasks/${task.json().id}`, manager)).statusCode).toBe(404);
  });

  it("timeline: 404 for a record outside scope even with a bad cursor, 400 for a bad cursor inside", async () => {
    const foreign = await insertCompany(t.db, outsiderId);
    const own = await insertCompany(t.db, managerId);
    expect((await get(`/api/v1/timeline/companies/${foreign}?cursor=zzz`, manager)).statusCode).toBe(404);
    expect((await get(`/api/v1/timeline/companies/${own}?cursor=zzz`, manager)).statusCode).toBe(400);
    const note = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: manager,
      payload: { kind: "note", body: "hello", links: [{ entity: "companies", id: own }] },
    });
    expect(note.statusCode, note.body).toBe(201);
    const tl = await get(`/api/v1/timeline/companies/${own}`, manager);
    expect(tl.statusCode, tl.body).toBe(200);
    expect(tl.json().items).toEqual([
      expect.objectContaining({ id: note.json().id, links: [expect.objectContaining({ id: own })] }),
    ]);
    const one = await get(`/api/v1/activities/${note.json().id}`, manager);
    expect(one.statusCode).toBe(200);
    expect(one.json().links).toEqual([expect.objectContaining({ entity: "companies", id: own })]);
    const outsider = await tokenHeaders(t.db, outsiderId);
    expect((await get(`/api/v1/activities/${note.json().id}`, outsider)).statusCode).toBe(404);
  });
});
