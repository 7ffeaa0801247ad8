import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { permissionDenials } from "./test-helpers.js";

/** Filtering or sorting on a field the role hides is a refusal by role: audited as `permission.denied`. */
describe("audit: hidden-field filters and sorts", () => {
  const t = useTestContext();

  const denials = (actorId: string) => permissionDenials(t.db, actorId);

  it("audits 422 field_not_allowed with the route and the hidden fields, but not other 422s", async () => {
    const agent = await createUser(t.db, { roleKey: "support_agent" });
    const headers = { ...(await tokenHeaders(t.db, agent.id)), "user-agent": "field-probe/1.0" };
    const get = (url: string) => t.app.inject({ method: "GET", url, headers });

    const filter = encodeURIComponent(JSON.stringify({ field: "amount", op: "gt", value: "1000000" }));
    const filtered = await get(`/api/v1/deals?filter=${filter}`);
    expect(filtered.statusCode).toBe(422);
    expect(filtered.json().errors[0]).toMatchObject({ field: "filter.amount", code: "field_not_allowed" });
    const sorted = await get("/api/v1/deals?sort=-amount");
    expect(sorted.statusCode).toBe(422);

    // A mistake that is not about permissions (unknown field, bad value) is not a denial.
    const unknown = encodeURIComponent(JSON.stringify({ field: "nope", op: "eq", value: "x" }));
    expect((await get(`/api/v1/deals?filter=${unknown}`)).statusCode).toBe(422);
    expect((await get("/api/v1/deals?limit=0")).statusCode).toBe(422);
    // Allowed fields answer normally.
    expect((await get("/api/v1/deals?sort=-title")).statusCode).toBe(200);

    const rows = await denials(agent.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ entity: "deals", user_agent: "field-probe/1.0" });
    expect(rows[0]?.details).toMatchObject({
      route: "GET /api/v1/deals",
      action: "read",
      hiddenFields: ["filter.amount"],
    });
    expect(rows[1]?.details).toMatchObject({ route: "GET /api/v1/deals", hiddenFields: ["sort.amount"] });
  });
});
