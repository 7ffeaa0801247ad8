import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("validation problems: a too-long text names its limit", () => {
  const t = useTestContext();

  it("too_big on a string carries the maximum length; other problems carry none", async () => {
    const admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/deals",
      headers: admin,
      payload: { title: "x".repeat(301), probability: 101 },
    });
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as Array<{ field: string; code: string; limit?: number }>;
    expect(errors.find((e) => e.field === "body.title")).toMatchObject({ code: "too_big", limit: 300 });
    const probability = errors.find((e) => e.field === "body.probability");
    expect(probability?.code).toBe("too_big");
    expect(probability).not.toHaveProperty("limit");
  });
});
