import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/access/actor.js";
import type { Scope } from "../../platform/db/tables.js";
import { actorForUser } from "../../platform/records/actor.js";
import { createTeam, createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { type DuplicatePage, findDuplicateGroups, MAX_IDS, WALK_BUDGET } from "./duplicates.js";

/** A uuid whose order among the others is `n`. */
const uid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, "0")}`;

/** A small deterministic generator (the data set is the same on every run). */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

/**
 * Own/team duplicates pages walk the shared groups and check the readable owners' records per group (stopping
 * when the page is full, falling back to the owners' keys past a budget of groups). The pages — groups, order,
 * sizes, ids, cursors — must be exactly those of the keys-only query (`walkBudget: 0`, the query used before),
 * for own, team and all scopes, with the team resolved or as a subquery, at every page size and budget.
 */
describe("duplicates in own/team scopes", () => {
  const t = useTestContext();
  const users: Record<string, string> = {};

  const withScope = (actor: Actor, scope: Scope): Actor => ({
    ...actor,
    permissions: { ...actor.permissions, contacts: { ...actor.permissions.contacts, read: scope } },
  });
  const actor = async (who: string, scope: Scope, resolved = true): Promise<Actor> => {
    const built = withScope((await actorForUser(t.db, users[who] as string)) as Actor, scope);
    if (resolved) return built;
    const { teamUserIds: _dropped, ...subquery } = built;
    return subquery;
  };
  /** Every page of a walk, as returned. */
  const pages = async (as: Actor, limit: number, walkBudget?: number) => {
    const out: DuplicatePage[] = [];
    let cursor: string | null = null;
    do {
      const p: DuplicatePage = await findDuplicateGroups(t.db, as, "contacts", {
        limit,
        cursor: cursor ?? undefined,
        walkBudget,
      });
      if (p.nextCursor) expect(p.items).toHaveLength(limit);
      out.push(p);
      cursor = p.nextCursor;
      expect(out.length).toBeLessThan(500);
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    const a = (await createTeam(t.db, "Team A")).id;
    const b = (await createTeam(t.db, "Team B")).id;
    for (const [who, teamId] of [
      ["a1", a],
      ["a2", a],
      ["a3", a],
      ["b1", b],
      ["b2", b],
      ["solo", null],
    ] as const)
      users[who] = (await createUser(t.db, { roleKey: "sales_manager", teamId })).id;
    const owners = Object.values(users);
    const next = random(11);
    const names = ["Ivo Andric", "Andric Ivo", "Marta Kowalska", "Zofia Nowak", "Jan Novak", "Ana Ilic"];
    const cities = ["Gdansk", "gdansk", "Krakow", "Beograd", null];
    const rows = [];
    for (let n = 1; n <= 320; n++) {
      const name = next(4) === 0 ? `Person ${n}` : (names[next(names.length)] as string);
      rows.push({
        id: uid(n),
        name,
        city: cities[next(cities.length)] ?? null,
        email_values: next(3) === 0 ? [] : [`p${next(70)}@dup.example`],
        phone_e164: next(2) === 0 ? [] : [`+38160${String(next(90)).padStart(7, "0")}`],
        owner_id: owners[next(owners.length)] as string,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, next(1000))),
      });
    }
    // A group larger than a page lists: team A holds 30 of its 40 records.
    for (let n = 321; n <= 360; n++)
      rows.push({
        id: uid(n),
        name: `Hotline ${n}`,
        city: null,
        email_values: [],
        phone_e164: ["+74950001122"],
        owner_id: (n <= 350 ? [users.a1, users.a2, users.a3] : [users.b1])[n % 3] ?? (users.b1 as string),
        created_at: new Date(Date.UTC(2026, 0, 2, 0, 0, n)),
      });
    await t.db
      .insertInto("contacts")
      .values(rows as never)
      .execute();
    // Deleted records have no keys (their groups shrink or go).
    await t.db
      .updateTable("contacts")
      .set({ deleted_at: new Date() })
      .where("id", "in", [uid(5), uid(50), uid(100), uid(322)])
      .execute();
  });

  it("gives the same pages as the keys-only query for own, team and all scopes, any page size and budget", async () => {
    const cases: Array<[string, Scope, boolean]> = [
      ["a1", "team", true],
      ["a1", "team", false],
      ["a2", "own", true],
      ["b1", "team", true],
      ["solo", "team", true],
      ["a1", "all", true],
    ];
    let groups = 0;
    for (const [who, scope, resolved] of cases) {
      const as = await actor(who, scope, resolved);
      for (const limit of [1, 5, 200]) {
        const before = await pages(as, limit, 0);
        groups += before.reduce((n, p) => n + p.items.length, 0);
        for (const budget of [1, 2, WALK_BUDGET]) {
          const label = `${who} ${scope}${resolved ? "" : " (subquery)"} limit ${limit} budget ${budget}`;
          expect(await pages(as, limit, budget), label).toEqual(before);
        }
      }
    }
    // The data set is not trivial: every case found groups, the big one among them.
    expect(groups).toBeGreaterThan(100);
    const team = (await pages(await actor("a1", "team"), 200)).flatMap((p) => p.items);
    const hotline = team.find((g) => g.value === "+74950001122");
    expect(hotline?.size).toBe(29);
    expect(hotline?.ids).toHaveLength(MAX_IDS);
    const own = (await pages(await actor("b1", "own"), 200)).flatMap((p) => p.items);
    expect(own.find((g) => g.value === "+74950001122")?.size).toBe(10);
  }, 300_000);

  it("never lists a group of fewer than two readable records, nor a record the scope cannot read", async () => {
    for (const who of ["a1", "b1", "solo"]) {
      const as = await actor(who, "team");
      const readable = new Set(
        (
          await sql<{ id: string }>`select c.id::text as id from contacts c join users u on u.id = c.owner_id
            where c.deleted_at is null and (c.owner_id = ${users[who]}
              or u.team_id = (select team_id from users where id = ${users[who]}))`.execute(t.db)
        ).rows.map((r) => r.id),
      );
      for (const p of await pages(as, 3)) {
        for (const g of p.items) {
          expect(g.size, `${who} ${g.reason} ${g.value}`).toBeGreaterThanOrEqual(2);
          expect(g.ids.length).toBe(Math.min(g.size, MAX_IDS));
          for (const id of g.ids) expect(readable.has(id), `${who} ${id}`).toBe(true);
        }
      }
    }
  }, 120_000);

  it("answers concurrent requests alike, and a walk during writes lists every untouched group once", async () => {
    const as = await actor("a1", "team");
    const first = await findDuplicateGroups(t.db, as, "contacts", { limit: 10 });
    const same = await Promise.all(
      Array.from({ length: 10 }, () => findDuplicateGroups(t.db, as, "contacts", { limit: 10 })),
    );
    for (const p of same) expect(p).toEqual(first);

    // Untouched groups (a key of their own, two of team A's records each), and records that change meanwhile.
    const stable = Array.from({ length: 12 }, (_, i) => i);
    await t.db
      .insertInto("contacts")
      .values(
        stable.flatMap((i) =>
          [0, 1].map((j) => ({
            id: uid(1000 + i * 2 + j),
            name: `Stable ${i}-${j}`,
            email_values: [`stable${String(i).padStart(2, "0")}@dup.example`],
            owner_id: j === 0 ? users.a1 : users.a2,
          })),
        ) as never,
      )
      .execute();
    const churn = Array.from({ length: 20 }, (_, i) => uid(2000 + i));
    await t.db
      .insertInto("contacts")
      .values(
        churn.map((id, i) => ({
          id,
          name: `Churn ${i}`,
          email_values: [`churn${i % 5}@dup.example`],
          owner_id: users.a3,
        })) as never,
      )
      .execute();
    let writing = true;
    const writer = (async () => {
      const next = random(5);
      const owners = [users.a3, users.b1, users.solo];
      while (writing) {
        const id = churn[next(churn.length)] as string;
        await t.db
          .updateTable("contacts")
          .set({ owner_id: owners[next(3)] as string, email_values: [`churn${next(5)}@dup.example`] })
          .where("id", "=", id)
          .execute();
      }
    })();
    try {
      for (const budget of [1, WALK_BUDGET]) {
        const seen = new Set<string>();
        for (const p of await pages(as, 3, budget)) {
          for (const g of p.items) {
            const k = `${g.reason}|${g.value}`;
            expect(seen.has(k), k).toBe(false);
            seen.add(k);
          }
        }
        for (const i of stable)
          expect(seen.has(`email|stable${String(i).padStart(2, "0")}@dup.example`)).toBe(true);
      }
    } finally {
      writing = false;
      await writer;
    }
  }, 120_000);
});
