import { beforeAll, describe, expect, it } from "vitest";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import type { Actor } from "../access/actor.js";
import type { FieldMeta } from "../access/fields.js";
import type { Scope } from "../db/tables.js";
import { actorForUser } from "../records/actor.js";
import { planList } from "./list.js";
import { ownerWalkOwners, type ScopedListOptions, scopedList } from "./scoped-list.js";

/**
 * An own/team list sorted by an `ownerIndexed` field is read as a merge of per-owner walks (issue 10 item 20). It
 * must give exactly the pages, cursors and counts of the plain walk (`owner_id = any(…)` over the table's order):
 * ties broken by id, NULLs last in both directions, filters and soft-deleted rows as before.
 */
const walked = (over: Partial<FieldMeta> = {}): FieldMeta[] => [
  { key: "name", column: "name", type: "text", filterable: true, sortable: true, nullable: false, ...over },
  { key: "firstName", column: "first_name", type: "text", filterable: true, sortable: true, ...over },
  {
    key: "custom.segment",
    column: "segment",
    type: "text",
    filterable: true,
    sortable: true,
    custom: true,
    ...over,
  },
];
const plainFields = walked();
const walkFields = walked({ ownerIndexed: true });
const walkDescFields = walked({ ownerIndexed: "desc" });

const FILTERS = [
  undefined,
  JSON.stringify({ field: "custom.segment", op: "eq", value: "smb" }),
  JSON.stringify({
    or: [
      { field: "custom.segment", op: "eq", value: "ent" },
      { field: "firstName", op: "isEmpty" },
    ],
  }),
];

describe("scopedList: per-owner walks", () => {
  const t = useTestContext();
  let manager: Actor;
  const team: string[] = [];
  let outsider = "";

  beforeAll(async () => {
    const a = await createTeam(t.db, "Walk team");
    for (let i = 0; i < 4; i++) team.push((await createUser(t.db, { teamId: a.id })).id);
    outsider = (await createUser(t.db)).id;
    // The last team member owns nothing: an empty walk. Names repeat across owners (ties by id), every
    // fourth first name is NULL, segments are smb / ent / absent.
    const owners = [team[0], team[1], team[2], outsider] as string[];
    for (let i = 0; i < 90; i++) {
      await t.db
        .insertInto("contacts")
        .values({
          name: `N${i % 7}`,
          first_name: i % 4 === 0 ? null : `F${i % 5}`,
          owner_id: owners[i % owners.length] as string,
          custom: JSON.stringify(i % 3 === 2 ? {} : { segment: i % 3 === 0 ? "smb" : "ent" }),
          deleted_at: i % 11 === 5 ? new Date("2026-01-02T00:00:00Z") : null,
        })
        .execute();
    }
    manager = (await actorForUser(t.db, team[0] as string)) as Actor;
  });

  const as = (scope: Scope): Actor => ({ ...manager, permissions: { contacts: { read: scope } } });

  const options = (actor: Actor, fields: FieldMeta[], sort: string, filter?: string, cursor?: string) => {
    const plan = planList({
      actor,
      entity: "contacts",
      alias: "c",
      fields,
      defaultSort: "name",
      params: { sort, filter, cursor, limit: 6 },
    });
    return {
      actor,
      entity: "contacts",
      alias: "c",
      ownerColumn: "owner_id",
      plan,
      deleted: false,
      withTotal: true,
    };
  };

  const readAll = async (actor: Actor, fields: FieldMeta[], sort: string, filter?: string) => {
    const pages: { items: { id: string }[]; nextCursor: string | null; total: unknown }[] = [];
    let cursor: string | undefined;
    do {
      const o: ScopedListOptions = options(actor, fields, sort, filter, cursor);
      const base = t.db.selectFrom("contacts as c").where("c.deleted_at", "is", null).where(o.plan.where);
      const { rows, total } = await scopedList(
        t.db,
        base,
        (q) => q.select(["c.id", "c.name", "c.first_name", "c.owner_id"]).select(o.plan.cursorColumn),
        o,
      );
      const page = { ...o.plan.page(rows), total };
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 40);
    return pages;
  };

  it("takes the per-owner walk only for an owner-indexed single sort in an own or team scope", () => {
    const walks = (actor: Actor, sort: string, fields = walkFields) =>
      ownerWalkOwners(options(actor, fields, sort)) !== null;
    expect(walks(as("team"), "name")).toBe(true);
    expect(walks(as("team"), "-name")).toBe(true);
    expect(walks(as("own"), "firstName")).toBe(true);
    // A nullable column sorted descending (NULLs still last) is not the ascending index's order.
    expect(walks(as("team"), "-firstName")).toBe(false);
    expect(walks(as("team"), "name,firstName")).toBe(false);
    expect(walks(as("team"), "name,-id")).toBe(false);
    expect(walks(as("team"), "custom.segment")).toBe(false);
    expect(walks(as("all"), "name")).toBe(false);
    expect(walks(as("team"), "name", plainFields)).toBe(false);
    expect(ownerWalkOwners({ ...options(as("team"), walkFields, "name"), deleted: true })).toBeNull();
    // A `(owner, column desc nulls last, id desc)` index serves a nullable column's descending order only.
    expect(walks(as("team"), "-firstName", walkDescFields)).toBe(true);
    expect(walks(as("team"), "firstName", walkDescFields)).toBe(false);
    expect(walks(as("team"), "name", walkDescFields)).toBe(true);
  });

  it("walks the owners of the narrowest scope among the actions (an export: read and export)", () => {
    const actor = (read: Scope, exp: Scope): Actor => ({
      ...manager,
      permissions: { contacts: { read, export: exp } },
    });
    const owners = (read: Scope, exp: Scope) => {
      const o = { ...options(actor(read, exp), walkFields, "name"), actions: ["read", "export"] as const };
      const raw = ownerWalkOwners({ ...o, actions: [...o.actions] });
      return raw ? raw.compile(t.db).parameters.flat() : null;
    };
    expect(owners("team", "own")).toEqual([team[0]]);
    expect(owners("own", "all")).toEqual([team[0]]);
    expect(owners("team", "team")).toEqual(expect.arrayContaining(team));
    expect(owners("team", "all")).toEqual(expect.arrayContaining(team));
    expect(owners("all", "all")).toBeNull();
    expect(owners("team", "none")).toBeNull();
  });

  it("pages exactly like the plain walk: both directions, NULLs, ties, filters, cursors and counts", async () => {
    let compared = 0;
    for (const scope of ["team", "own"] as const) {
      for (const sort of ["name", "-name", "firstName", "-firstName"]) {
        for (const filter of FILTERS) {
          const merged = await readAll(
            as(scope),
            sort === "-firstName" ? walkDescFields : walkFields,
            sort,
            filter,
          );
          const plain = await readAll(as(scope), plainFields, sort, filter);
          expect(merged, `${scope} ${sort} ${filter}`).toEqual(plain);
          compared += merged.length;
          // Only the scope's live rows, each once.
          const ids = merged.flatMap((p) =>
            p.items.map((i) => (i as unknown as { owner_id: string }).owner_id),
          );
          const allowed = scope === "team" ? team : [team[0]];
          expect(ids.every((o) => allowed.includes(o))).toBe(true);
          const seen = merged.flatMap((p) => p.items.map((i) => i.id));
          expect(new Set(seen).size).toBe(seen.length);
          expect(merged[0]?.total).toEqual({ count: seen.length, capped: false });
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
    // The team's unfiltered list by name spans several pages and has NULL first names in it.
    const byFirstName = await readAll(as("team"), walkFields, "firstName");
    const last = byFirstName.at(-1)?.items.at(-1) as unknown as { first_name: string | null };
    expect(byFirstName.length).toBeGreaterThan(5);
    expect(last.first_name).toBeNull();
  });
});
