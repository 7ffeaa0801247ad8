import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("stage expected days (rotting)", () => {
  const t = useTestContext();

  it("an admin sets and clears a stage's expected days; the pipeline answers them; out of range is refused", async () => {
    const admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/pipelines",
      headers: admin,
      payload: {
        name: `Rot ${Date.now()}`,
        stages: [
          { name: "Talk", probability: 10, rotDays: 14 },
          { name: "Won", probability: 100, kind: "won" },
          { name: "Lost", probability: 0, kind: "lost" },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p.stages.map((s: { rotDays: number | null }) => s.rotDays)).toEqual([14, null, null]);
    const talk = p.stages[0].id;
    const url = `/api/v1/pipelines/${p.id}/stages/${talk}`;

    const set = await t.app.inject({ method: "PATCH", url, headers: admin, payload: { rotDays: 5 } });
    expect(set.statusCode).toBe(200);
    expect(set.json().stages[0]).toMatchObject({ name: "Talk", probability: 10, rotDays: 5 });

    const renamed = await t.app.inject({ method: "PATCH", url, headers: admin, payload: { name: "Call" } });
    expect(renamed.json().stages[0]).toMatchObject({ name: "Call", rotDays: 5 });

    const cleared = await t.app.inject({ method: "PATCH", url, headers: admin, payload: { rotDays: null } });
    expect(cleared.json().stages[0].rotDays).toBeNull();

    const bad = await t.app.inject({ method: "PATCH", url, headers: admin, payload: { rotDays: 0 } });
    expect(bad.statusCode).toBe(422);
  });
});
