import { describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("lost reasons list", () => {
  const t = useTestContext();
  const url = "/api/v1/settings/lost-reasons";

  it("is set by admins only (each reason once), trimmed, and read by everyone", async () => {
    const admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const denied = await t.app.inject({
      method: "PUT",
      url,
      headers: manager,
      payload: { reasons: ["Price"] },
    });
    expect(denied.statusCode).toBe(403);
    const twice = await t.app.inject({
      method: "PUT",
      url,
      headers: admin,
      payload: { reasons: ["Price", "price"] },
    });
    expect(twice.statusCode).toBe(422);
    const ok = await t.app.inject({
      method: "PUT",
      url,
      headers: admin,
      payload: { reasons: [" Price ", "Chose a competitor"] },
    });
    expect(ok.statusCode).toBe(200);
    const read = await t.app.inject({ method: "GET", url, headers: manager });
    expect(read.json()).toEqual({ reasons: ["Price", "Chose a competitor"] });
  });

  it("refuses bad lists with a field error and keeps the saved one", async () => {
    const admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const put = (payload: unknown) =>
      t.app.inject({ method: "PUT", url, headers: admin, payload: payload as object });
    expect((await put({ reasons: ["Budget cut"] })).statusCode).toBe(200);
    for (const payload of [
      { reasons: Array.from({ length: 51 }, (_, i) => `Reason ${i}`) },
      { reasons: ["x".repeat(201)] },
      { reasons: ["   "] },
      { reasons: "Price" },
      { reasons: [42] },
      { reasons: ["a\u0000b"] },
      { reasons: ["Price"], extra: true },
      {},
    ]) {
      const res = await put(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(422);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    const read = await t.app.inject({ method: "GET", url, headers: admin });
    expect(read.json()).toEqual({ reasons: ["Budget cut"] });
  });
});
