import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { CALL_OUTCOMES } from "./call-outcomes.js";
import { up as mapLegacyOutcomes } from "./migrations/20261206_0710_activities_call_outcome_codes.js";

describe("call outcomes are stable codes", () => {
  const t = useTestContext();
  let headers: Record<string, string>;
  let userId: string;

  beforeAll(async () => {
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    userId = u.id;
    headers = await tokenHeaders(t.db, u.id);
  });

  const log = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/activities", headers, payload });

  it("accepts every code for calls and stores it as sent", async () => {
    for (const outcome of CALL_OUTCOMES) {
      const res = await log({ kind: "call", direction: "out", outcome });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().outcome).toBe(outcome);
    }
    expect((await log({ kind: "call", outcome: null })).statusCode).toBe(201);
  });

  it("refuses a translated word or any other text as a call outcome, on create and on update", async () => {
    const word = await log({ kind: "call", direction: "out", outcome: "Дозвонились" });
    expect(word.statusCode).toBe(422);
    expect(word.json().errors[0]).toMatchObject({ field: "body.outcome", code: "invalid_outcome" });
    const created = await log({ kind: "call", outcome: "busy" });
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/activities/${created.json().id}`,
      headers,
      payload: { outcome: "Busy line" },
    });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors[0]).toMatchObject({ field: "body.outcome", code: "invalid_outcome" });
    const stored = await t.db
      .selectFrom("activities")
      .select("outcome")
      .where("id", "=", created.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.outcome).toBe("busy");
  });

  it("keeps meeting outcomes free text", async () => {
    const res = await log({
      kind: "meeting",
      startsAt: new Date().toISOString(),
      outcome: "Agreed on a pilot",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().outcome).toBe("Agreed on a pilot");
  });

  it("the migration maps the words stored before (every language) to codes and leaves the rest", async () => {
    const rows: ["call" | "meeting", string][] = [
      ["call", "Дозвонились"],
      ["call", " No answer "],
      ["call", "Оставил голосовое сообщение"],
      ["call", "Погрешан број"],
      ["call", "Бос емес"],
      ["call", "Called from the car"],
      ["meeting", "Busy"],
    ];
    const ids: string[] = [];
    for (const [kind, outcome] of rows) {
      const r = await t.db
        .insertInto("activities")
        .values({ kind, outcome, owner_id: userId, created_by: userId })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(r.id);
    }
    await mapLegacyOutcomes(t.db as never);
    const after = await sql<{ id: string; outcome: string }>`
      select id, outcome from activities where id = any(${ids}::uuid[])`.execute(t.db);
    const byId = new Map(after.rows.map((r) => [r.id, r.outcome]));
    expect(ids.map((id) => byId.get(id))).toEqual([
      "reached",
      "noAnswer",
      "voicemail",
      "wrongNumber",
      "busy",
      "Called from the car",
      "Busy",
    ]);
  });
});
