import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runDryRun } from "./dry-run.js";
import { upload } from "./test-helpers.js";

/** POST /dry-run queues the check (imports.dry-run) and answers 202; progress is visible while it runs. */
describe("import dry run as a background job", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    // Records every progress update the job makes while the import is being checked.
    await sql`
      create table progress_log (n serial, import_id uuid, processed int, failed int, pct int);
      create function log_progress() returns trigger language plpgsql as $$
      begin
        if new.status = 'validating' and new.processed > 0 then
          insert into progress_log (import_id, processed, failed, pct)
          values (new.id, new.processed, new.failed, new.checked_percent);
        end if;
        return new;
      end $$;
      create trigger imports_progress after update on imports for each row execute function log_progress();
    `.execute(t.db);
  });

  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object, headers = admin) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function uploaded(rows: number, invalidEvery = 0) {
    const lines = ["Name;Email"];
    for (let i = 1; i <= rows; i++) {
      lines.push(
        `Checked ${i};${invalidEvery && i % invalidEvery === 0 ? "not-an-email" : `c${i}@example.com`}`,
      );
    }
    const imp = (await upload(t.app, admin, "contacts", lines.join("\n"))).json();
    const put = await call("PUT", `/api/v1/imports/${imp.id}/mapping`, {
      mapping: { "0": "name", "1": "email" },
    });
    expect(put.statusCode, put.body).toBe(200);
    return imp.id as string;
  }

  it("answers 202 validating, queues the job, blocks changes meanwhile and ends validated with counts", async () => {
    const id = await uploaded(23, 8);
    const started = await call("POST", `/api/v1/imports/${id}/dry-run`);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({
      status: "validating",
      dryRun: null,
      progress: { processed: 0, checkedPercent: 0 },
    });
    const queued = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'imports.dry-run' and data->>'importId' = ${id}
    `.execute(t.db);
    expect(queued.rows[0]?.n).toBe(1);

    for (const [method, url, body] of [
      ["POST", `/api/v1/imports/${id}/dry-run`, undefined],
      ["PUT", `/api/v1/imports/${id}/mapping`, { mapping: { "0": "name" } }],
      ["POST", `/api/v1/imports/${id}/run`, undefined],
    ] as const) {
      const res = await call(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(409);
      expect(res.json().code).toBe("import_validating");
    }
    expect((await call("DELETE", `/api/v1/imports/${id}`)).statusCode).toBe(409);
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`, undefined, other)).statusCode).toBe(404);

    await runDryRun(t.db, id, { batchRows: 5 });
    const log = (
      await sql<{ processed: number; failed: number; pct: number }>`
        select processed, failed, pct from progress_log where import_id = ${id} order by n
      `.execute(t.db)
    ).rows;
    expect(log.map((l) => l.processed)).toEqual([5, 10, 15, 20, 23]);
    expect(log.map((l) => l.failed)).toEqual([0, 1, 1, 2, 2]);
    for (const l of log) expect(l.pct).toBeGreaterThanOrEqual(0);
    for (const l of log) expect(l.pct).toBeLessThanOrEqual(99);

    const done = (await call("GET", `/api/v1/imports/${id}`)).json();
    expect(done).toMatchObject({
      status: "validated",
      error: null,
      dryRun: { total: 23, valid: 21, invalid: 2, toCreate: 21 },
      progress: { total: 23, processed: 0, failed: 0, checkedPercent: 100 },
    });
    const report = await call("GET", `/api/v1/imports/${id}/errors.csv`);
    expect(report.body).toContain("not-an-email");
    // Checking again is allowed once it has finished.
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
  });

  it("ends failed with the error; the mapping can then be fixed and the file checked again", async () => {
    const id = await uploaded(3);
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
    // A mapped field disappeared between the request and the job (e.g. a custom field was deleted).
    await t.db
      .updateTable("imports")
      .set({ mapping: JSON.stringify({ "0": "custom.gone" }) })
      .where("id", "=", id)
      .execute();
    await runDryRun(t.db, id);
    const failed = (await call("GET", `/api/v1/imports/${id}`)).json();
    expect(failed.status).toBe("failed");
    expect(failed.error).toBeTruthy();
    expect(failed.dryRun).toBeNull();
    const run = await call("POST", `/api/v1/imports/${id}/run`);
    expect(run.statusCode).toBe(409);
    expect(run.json().code).toBe("dry_run_required");

    const put = await call("PUT", `/api/v1/imports/${id}/mapping`, {
      mapping: { "0": "name", "1": "email" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ status: "uploaded", error: null });
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
    await runDryRun(t.db, id);
    expect((await call("GET", `/api/v1/imports/${id}`)).json()).toMatchObject({
      status: "validated",
      dryRun: { total: 3, valid: 3 },
    });
  });

  it("does nothing for an import that is no longer being checked", async () => {
    const id = await uploaded(2);
    await runDryRun(t.db, id);
    expect((await call("GET", `/api/v1/imports/${id}`)).json()).toMatchObject({
      status: "uploaded",
      dryRun: null,
    });
  });

  it("lets the user go on when a check stopped reporting progress (its worker died)", async () => {
    const id = await uploaded(3);
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
    const age = async (minutes: number) => {
      await sql`alter table imports disable trigger imports_touch`.execute(t.db);
      await sql`update imports set updated_at = now() - make_interval(mins => ${minutes}) where id = ${id}`.execute(
        t.db,
      );
      await sql`alter table imports enable trigger imports_touch`.execute(t.db);
    };
    await age(5);
    expect(
      (await call("PUT", `/api/v1/imports/${id}/mapping`, { mapping: { "0": "name" } })).statusCode,
    ).toBe(409);
    await age(11);
    const run = await call("POST", `/api/v1/imports/${id}/run`);
    expect(run.json().code).toBe("dry_run_required");
    const put = await call("PUT", `/api/v1/imports/${id}/mapping`, {
      mapping: { "0": "name", "1": "email" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().status).toBe("uploaded");
    // The lost job, retried later, finds the import no longer being checked and leaves it alone.
    await runDryRun(t.db, id);
    expect((await call("GET", `/api/v1/imports/${id}`)).json()).toMatchObject({
      status: "uploaded",
      dryRun: null,
    });

    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
    await age(11);
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
    await age(11);
    expect((await call("DELETE", `/api/v1/imports/${id}`)).statusCode).toBe(204);
  });

  it("stops a check superseded meanwhile (the mapping changed): no further progress or report rows", async () => {
    const id = await uploaded(23, 2);
    expect((await call("POST", `/api/v1/imports/${id}/dry-run`)).statusCode).toBe(202);
    // The user saves another mapping right after the first batch was checked.
    await sql`
      create function supersede() returns trigger language plpgsql as $$
      begin
        if new.status = 'validating' and new.processed = 5 then new.status := 'uploaded'; end if;
        return new;
      end $$;
      create trigger imports_supersede before update on imports for each row execute function supersede();
    `.execute(t.db);
    try {
      await runDryRun(t.db, id, { batchRows: 5 });
    } finally {
      await sql`drop trigger imports_supersede on imports`.execute(t.db);
    }
    expect((await call("GET", `/api/v1/imports/${id}`)).json()).toMatchObject({
      status: "uploaded",
      dryRun: null,
      error: null,
    });
    const reported = await t.db
      .selectFrom("import_errors")
      .select("row_number")
      .where("import_id", "=", id)
      .execute();
    expect(reported.length).toBeLessThanOrEqual(2);
  });
});
