import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import type { Scope } from "../../platform/db/tables.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { exportColumns } from "./columns.js";
import { exportRecords } from "./records.js";
import { csvStream } from "./writers.js";

/**
 * An own/team export by an owner-indexed sort reads its batches as merges of per-owner walks (issue 10 item 20):
 * exactly the rows and order of the plain query in the read ∩ export scope — every batch boundary, name ties,
 * soft-deleted and other owners' rows left out — and a field hidden from the role stays out of the file.
 */
describe("export batches in an own/team scope", () => {
  const t = useTestContext();
  let manager: Actor;
  const team: string[] = [];
  let outsider = "";

  beforeAll(async () => {
    const a = await createTeam(t.db, "Export walk team");
    for (let i = 0; i < 4; i++) team.push((await createUser(t.db, { teamId: a.id })).id);
    outsider = (await createUser(t.db)).id;
    const owners = [team[0], team[1], team[2], outsider] as string[];
    for (let i = 0; i < 50; i++) {
      await t.db
        .insertInto("contacts")
        .values({
          name: `N${i % 7}`,
          first_name: `Secret${i}`,
          owner_id: owners[i % owners.length] as string,
          last_name: i % 3 === 0 ? "Smith" : null,
          deleted_at: i % 11 === 5 ? new Date() : null,
        })
        .execute();
    }
    manager = (await actorForUser(t.db, team[0] as string)) as Actor;
  });

  const as = (read: Scope, exp: Scope): Actor => ({
    ...manager,
    permissions: { contacts: { read, export: exp } },
    fieldRules: { contacts: { firstName: "hidden" } },
  });

  const plain = async (owners: string[] | null, order: string, where = "true") => {
    const { rows } = await sql<{ id: string }>`select id from contacts
      where deleted_at is null and (${owners === null} or owner_id = any(${owners ?? []}::uuid[]))
        and ${sql.raw(where)} order by ${sql.raw(order)}`.execute(t.db);
    return rows.map((r) => r.id);
  };

  it("exports exactly the plain query's rows in order, batch after batch, for own, team and all", async () => {
    const cases: [Scope, Scope, string[] | null][] = [
      ["team", "team", team],
      ["team", "own", [team[0] as string]],
      ["own", "all", [team[0] as string]],
      ["all", "team", team],
      ["all", "all", null],
    ];
    const sorts: [string | undefined, string][] = [
      [undefined, "name asc, id asc"],
      ["-name", "name desc, id desc"],
      ["-createdAt", "created_at desc, id desc"],
    ];
    const smiths = JSON.stringify({ field: "lastName", op: "eq", value: "Smith" });
    for (const [read, exp, owners] of cases) {
      const actor = as(read, exp);
      const { fields } = await exportColumns(t.db, actor, "contacts");
      for (const [sort, order] of sorts) {
        for (const filter of [undefined, smiths]) {
          const ids: string[] = [];
          for await (const r of exportRecords(t.db, actor, "contacts", fields, { sort, filter }, [], 4)) {
            ids.push(r.id as string);
          }
          const expected = await plain(owners, order, filter ? "last_name = 'Smith'" : "true");
          expect(ids, `${read}/${exp} ${sort} ${filter}`).toEqual(expected);
          if (!filter) expect(ids.length).toBeGreaterThan(8);
        }
      }
    }
  });

  it("keeps a hidden field out of a team export's file", async () => {
    const actor = as("team", "team");
    const { columns, fields } = await exportColumns(t.db, actor, "contacts");
    expect(columns.map((c) => c.key)).not.toContain("firstName");
    expect(columns.map((c) => c.key)).toContain("name");
    const counter = { n: 0 };
    const records = exportRecords(t.db, actor, "contacts", fields, {}, [], 4);
    let text = "";
    for await (const chunk of csvStream(records, columns, ",", counter)) text += String(chunk);
    expect(counter.n).toBe((await plain(team, "name")).length);
    expect(text).toContain("N0");
    expect(text).not.toContain("Secret");
  });
});
