import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { upload } from "./test-helpers.js";

/** The journal's import is checked once per statement (migration `20261207_0625`), as its foreign key did. */
describe("imports: the journal belongs to an import", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  const uploaded = async () => {
    const res = await upload(t.app, admin, "contacts", "Name,Email\nAnn,ann@example.com\n");
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const journal = (importId: string, rows: number) =>
    sql`insert into import_rows (import_id, row_number, record_id, action)
      select ${importId}::uuid, g, gen_random_uuid(), 'created' from generate_series(1, ${rows}::int) g`;
  const journalRows = async (importId: string) =>
    (
      await t.db
        .selectFrom("import_rows")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("import_id", "=", importId)
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  it("refuses rows of a missing import, in a statement with existing ones too", async () => {
    const id = await uploaded();
    await journal(id, 3).execute(t.db);
    expect(await journalRows(id)).toBe("3");
    const missing = randomUUID();
    await expect(journal(missing, 2).execute(t.db)).rejects.toMatchObject({ code: "23503" });
    await expect(
      sql`insert into import_rows (import_id, row_number, record_id, action)
        values (${id}, 10, gen_random_uuid(), 'created'), (${missing}, 1, gen_random_uuid(), 'created')`.execute(
        t.db,
      ),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      sql`update import_rows set import_id = ${missing} where import_id = ${id}`.execute(t.db),
    ).rejects.toMatchObject({ code: "23503" });
    expect(await journalRows(id)).toBe("3");
  });

  it("discarding an import deletes its journal, not other imports' journals", async () => {
    const [a, b] = [await uploaded(), await uploaded()];
    await journal(a, 4).execute(t.db);
    await journal(b, 2).execute(t.db);
    const res = await t.app.inject({ method: "DELETE", url: `/api/v1/imports/${a}`, headers: admin });
    expect(res.statusCode, res.body).toBe(204);
    expect(await journalRows(a)).toBe("0");
    expect(await journalRows(b)).toBe("2");
  });

  it("a journal insert holds its import: a discard waits until the batch commits, then removes it", async () => {
    const id = await uploaded();
    let commit: () => void = () => {};
    const held = new Promise<void>((r) => {
      commit = r;
    });
    let written: () => void = () => {};
    const inserted = new Promise<void>((r) => {
      written = r;
    });
    const batch = t.db.transaction().execute(async (trx) => {
      await journal(id, 5).execute(trx);
      written();
      await held;
    });
    await inserted;
    let discarded = false;
    const discard = t.db
      .deleteFrom("imports")
      .where("id", "=", id)
      .execute()
      .then(() => {
        discarded = true;
      });
    // The discard is blocked on the imports row the batch holds (seen in pg_stat_activity, not timed).
    for (;;) {
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query like 'delete from "imports"%'`.execute(t.db);
      if ((waiting.rows[0]?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(discarded).toBe(false);
    commit();
    await batch;
    await discard;
    expect(await journalRows(id)).toBe("0");
  });
});
