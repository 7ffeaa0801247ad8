import { describe, expect, it } from "vitest";
import { ALL, entitiesToHandOver, planFieldErrors, toDeactivateBody, validateChoices } from "./handoverModel";

const plan = {
  userId: "u1",
  entities: [
    { entity: "companies", label: "Companies", count: 3, live: 3 },
    { entity: "deals", label: "Deals", count: 2, live: 1 },
    { entity: "tasks", label: "Tasks", count: 0, live: 0 },
  ],
};

describe("hand-over model", () => {
  it("asks for a target only for entities with records", () => {
    const entities = entitiesToHandOver(plan);
    expect(entities.map((e) => e.entity)).toEqual(["companies", "deals"]);
    // Several types: one target for everything is asked for, a type with its own target answers for itself.
    expect(validateChoices(entities, {})).toEqual({ [ALL]: "settings.handover.chooseUser" });
    expect(
      validateChoices(entities, {
        [ALL]: { mode: "user", userId: "u2", teamId: null },
        deals: { mode: "team", userId: "u2", teamId: null, override: true },
      }),
    ).toEqual({ deals: "settings.handover.chooseTeam" });
    expect(validateChoices(entities.slice(0, 1), {})).toEqual({ companies: "settings.handover.chooseUser" });
  });

  it("builds the deactivate body with user and even-team targets and a trimmed reason", () => {
    const entities = entitiesToHandOver(plan);
    const body = toDeactivateBody(
      entities,
      {
        [ALL]: { mode: "user", userId: "u2", teamId: "t9" },
        deals: { mode: "team", userId: null, teamId: "t1", override: true },
      },
      "  left the company ",
    );
    expect(body).toEqual({
      plan: { companies: { toUserId: "u2" }, deals: { toTeamId: "t1", strategy: "even" } },
      reason: "left the company",
    });
    expect(toDeactivateBody([], {}, " ")).toEqual({ plan: {} });
  });

  it("maps server field errors to entity rows", () => {
    const errors = planFieldErrors([
      { field: "body.plan.deals.toUserId", message: "inactive", code: "user_inactive" },
      { field: "reason", message: "x" },
    ]);
    expect(Object.keys(errors)).toEqual(["deals"]);
  });
});
