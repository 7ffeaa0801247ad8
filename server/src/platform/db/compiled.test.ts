import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { type Actor, scopeFor } from "../access/actor.js";
import { ownerScope, scopeShape } from "../access/scope.js";
import { bindNamed, CompiledStatements, isMarker, marker } from "./compiled.js";
import type { DB } from "./schema.js";

// Builds and compiles only: no connection is ever asked for.
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: {} as pg.Pool }) });

const actor = (over: Partial<Actor>): Actor =>
  ({
    userId: "u-1",
    teamId: null,
    roleId: "r",
    permissions: { contacts: { read: "all" } },
    fieldRules: {},
    adminPermissions: new Set(),
    ...over,
  }) as Actor;

function statementFor(statements: CompiledStatements<unknown>, who: Actor, id: string) {
  const shape = scopeShape(who, "contacts", "read");
  return statements.bound(
    shape.key,
    () =>
      db
        .selectFrom("contacts as c")
        .select("c.id")
        .where("c.id", "=", marker("id"))
        .where(ownerScope(shape.template, "contacts", "read", "c.owner_id")),
    [bindNamed({ id }), shape.bind],
  );
}

describe("statements compiled once per shape", () => {
  it("binds each call's id and actor into the shape's text, one text per scope kind", () => {
    const statements = new CompiledStatements<unknown>();
    const all = statementFor(statements, actor({}), "c-1");
    expect(all.parameters).toEqual(["c-1"]);
    expect(statementFor(statements, actor({ userId: "u-2" }), "c-2").parameters).toEqual(["c-2"]);
    expect(statements.size).toBe(1);

    const own = actor({ userId: "u-3", permissions: { contacts: { read: "own" } } });
    const ownStatement = statementFor(statements, own, "c-3");
    expect(ownStatement.sql).not.toBe(all.sql);
    expect(ownStatement.parameters).toEqual(["c-3", "u-3"]);
    expect(statementFor(statements, { ...own, userId: "u-4" }, "c-4").parameters).toEqual(["c-4", "u-4"]);

    const team = (userId: string, teamId: string, teamUserIds: string[]) =>
      actor({ userId, teamId, teamUserIds, permissions: { contacts: { read: "team" } } });
    expect(statementFor(statements, team("u-5", "t-1", ["u-5", "u-6"]), "c-5").parameters).toEqual([
      "c-5",
      ["u-5", "u-6"],
    ]);
    // Another team's member: same text, that team's owners.
    expect(statementFor(statements, team("u-7", "t-2", ["u-8", "u-7"]), "c-6").parameters).toEqual([
      "c-6",
      ["u-7", "u-8"],
    ]);
    // Team scope without a team: the actor alone (another text).
    const alone = statementFor(
      statements,
      actor({ userId: "u-9", permissions: { contacts: { read: "team" } } }),
      "c-7",
    );
    expect(alone.parameters).toEqual(["c-7", "u-9"]);
    const teamQuery = statementFor(
      statements,
      actor({ userId: "u-10", teamId: "t-3", permissions: { contacts: { read: "team" } } }),
      "c-8",
    );
    expect(teamQuery.parameters).toEqual(["c-8", "u-10", "t-3"]);
    expect(statements.size).toBe(5);
    for (const s of [all, ownStatement, alone, teamQuery]) expect(s.parameters.some(isMarker)).toBe(false);
  });

  it("the same text for a scope kind whatever else the actor is (the key is what varies the text)", () => {
    for (const scope of ["all", "own", "team", "none"] as const) {
      const a = actor({
        userId: "a",
        teamId: "t",
        teamUserIds: ["a", "b"],
        permissions: { contacts: { read: scope } },
      });
      const b = actor({
        userId: "z",
        teamId: "s",
        teamUserIds: ["z"],
        permissions: { "*": { read: scope } },
      });
      expect(scopeFor(a, "contacts", "read")).toBe(scopeFor(b, "contacts", "read"));
      const sa = statementFor(new CompiledStatements(), a, "1");
      const sb = statementFor(new CompiledStatements(), b, "2");
      expect(sa.sql).toBe(sb.sql);
      expect(scopeShape(a, "contacts", "read").key).toBe(scopeShape(b, "contacts", "read").key);
    }
  });

  it("refuses to send a marker nobody bound", () => {
    const statements = new CompiledStatements<unknown>();
    expect(() =>
      statements.bound("k", () => db.selectFrom("contacts").select("id").where("id", "=", marker("id")), [
        bindNamed({ other: "x" }),
      ]),
    ).toThrow(/unbound statement marker/);
  });
});
