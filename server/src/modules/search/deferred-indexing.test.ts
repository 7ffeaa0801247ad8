import { sql } from "kysely";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { catchUpBatch, holdBulkWrite, releaseBulkWrite } from "../../platform/records/search-backlog.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "../imports/job.js";
import { dryRun, upload } from "../imports/test-helpers.js";
import { catchUpJob, requestCatchUpIfPending } from "./catch-up.js";

/**
 * A large import defers fuzzy-search indexing: its rows are written `search_pending`, exact duplicate checks
 * and filters see them at once, global search once `search.catch-up` has entered them into the indexes.
 */
describe("deferred search indexing", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  const log = pino({ level: "silent" });

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
  });

  const csvOf = (tag: string, n: number) =>
    [
      "Name;Email;Phone",
      ...Array.from(
        { length: n },
        (_, i) => `${tag} ${i + 1};${mail(tag, i + 1)};+7 912 ${tag.length}${String(i + 1).padStart(6, "0")}`,
      ),
    ].join("\n");
  const mail = (tag: string, i: number) => `${tag.toLowerCase()}-${i}@example.com`;

  /** Upload, map, check and run (the job's work called here), deferring when `deferFrom` ≤ the rows. */
  async function imported(tag: string, n: number, deferFrom: number) {
    const imp = (await upload(t.app, admin, "contacts", csvOf(tag, n))).json();
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: admin,
      payload: { mapping: { "0": "name", "1": "email", "2": "phone" }, options: {} },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await dryRun(t, admin, imp.id)).statusCode).toBe(200);
    const run = await t.app.inject({ method: "POST", url: `/api/v1/imports/${imp.id}/run`, headers: admin });
    expect(run.statusCode, run.body).toBe(202);
    await runImport(t.db, imp.id, { deferSearchMinRows: deferFrom });
    return imp.id as string;
  }
  const get = async (url: string) => {
    const res = await t.app.inject({ method: "GET", url, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const searchHits = async (q: string) =>
    (
      (await get(`/api/v1/search?q=${encodeURIComponent(q)}&types=contacts&limit=50`)).groups as Array<{
        type: string;
        items: unknown[];
      }>
    ).flatMap((g) => g.items).length;
  const filtered = async (field: string, value: string) =>
    (
      await get(
        `/api/v1/contacts?limit=100&filter=${encodeURIComponent(JSON.stringify({ field, op: "contains", value }))}`,
      )
    ).items.length;
  const catchUp = () => catchUpJob(t.db, t.deps.entities).handler([], { log });

  it("writes a large run search-pending: filters and exact duplicates at once, search after the catch-up", async () => {
    const id = await imported("Quorvath", 30, 10);
    const pending = await sql<{ n: number }>`select count(*)::int as n from contacts
      where search_pending and name like 'Quorvath %'`.execute(t.db);
    expect(pending.rows[0]?.n).toBe(30);
    const versions = await sql<{
      id: string;
      version: number;
      updated_at: Date;
    }>`select id, version, updated_at
      from contacts where name like 'Quorvath %' order by id`.execute(t.db);

    expect(await get(`/api/v1/imports/${id}`)).toMatchObject({ status: "completed", searchCatchingUp: true });
    expect(await get("/api/v1/search/status")).toEqual({ catchingUp: true, entities: ["contacts"] });
    expect(await searchHits("Quorvath")).toBe(0);
    // Filters read the pending rows beside the partial indexes: name, e-mail part and phone digits.
    expect(await filtered("name", "quorvath 1")).toBe(11); // 1, 10…19
    expect(await filtered("emails", "quorvath-2")).toBe(11);
    expect(await filtered("phone", "912 8000030")).toBe(1);
    // Exact duplicate detection is immediate: the same e-mails in another file are duplicates, a new contact
    // with one of them is flagged.
    const again = (await upload(t.app, admin, "contacts", csvOf("Quorvath", 30))).json();
    await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${again.id}/mapping`,
      headers: admin,
      payload: { mapping: { "0": "name", "1": "email" }, options: { duplicatePolicy: "skip" } },
    });
    expect((await dryRun(t, admin, again.id)).json().dryRun).toMatchObject({ duplicates: 30 });
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers: admin,
      payload: { firstName: "Somebody", lastName: "Else", emails: [{ value: mail("Quorvath", 7) }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().warnings[0].matches).toEqual([
      expect.objectContaining({ name: "Quorvath 7", reason: "email" }),
    ]);

    await catchUp();
    // The 30 imported, and the new contact through its e-mail.
    expect(await searchHits("Quorvath")).toBe(31);
    expect(await searchHits("quorvath-2")).toBeGreaterThan(0);
    expect(await get(`/api/v1/imports/${id}`)).toMatchObject({ searchCatchingUp: false });
    expect(await get("/api/v1/search/status")).toEqual({ catchingUp: false, entities: [] });
    expect(await filtered("name", "quorvath 1")).toBe(11);
    // Entering the index is no change of the record: versions (ETags) and updated_at stay.
    const after = await sql<{ id: string; version: number; updated_at: Date }>`select id, version, updated_at
      from contacts where name like 'Quorvath %' order by id`.execute(t.db);
    expect(after.rows).toEqual(versions.rows);
  });

  it("indexes a small run at once", async () => {
    const id = await imported("Smallrun", 5, 10);
    expect(await get(`/api/v1/imports/${id}`)).toMatchObject({
      status: "completed",
      searchCatchingUp: false,
    });
    expect(await searchHits("Smallrun")).toBe(5);
  });

  it("waits for a bulk writer, resumes where it stopped and is asked for again at start-up", async () => {
    await catchUp();
    await imported("Resumely", 12, 10);
    // A writer still writing: no batch starts.
    await t.db.connection().execute(async (conn) => {
      await holdBulkWrite(conn);
      try {
        expect(await catchUpBatch(t.db, "contacts")).toBeNull();
      } finally {
        await releaseBulkWrite(conn);
      }
    });
    // A catch-up cut after one batch (kill -9 loses only uncommitted work): the rest waits, flagged.
    expect(await catchUpBatch(t.db, "contacts", 5)).toBe(5);
    const left = await sql<{
      n: number;
    }>`select count(*)::int as n from contacts where search_pending`.execute(t.db);
    expect(left.rows[0]?.n).toBe(7);
    expect(await searchHits("Resumely")).toBe(5);
    // A process starting finds the backlog and queues the catch-up.
    await sql`delete from pgboss.job where name = 'search.catch-up'`.execute(t.db);
    await requestCatchUpIfPending(t.deps);
    const queued = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where name = 'search.catch-up' and state = 'created'`.execute(t.db);
    expect(queued.rows[0]?.n).toBe(1);
    await catchUp();
    expect(await searchHits("Resumely")).toBe(12);
  });
});
