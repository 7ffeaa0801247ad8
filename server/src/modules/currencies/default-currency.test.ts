import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { getDefaultCurrency } from "./default-currency.js";

describe("workspace default currency", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });

  const url = "/api/v1/settings/default-currency";

  it("follows the language the instance was created in until an admin sets it", async () => {
    const config = t.deps.config;
    expect(await getDefaultCurrency(t.db, { ...config, ADMIN_LANGUAGE: "ru" })).toEqual({ currency: "RUB" });
    expect(await getDefaultCurrency(t.db, { ...config, ADMIN_LANGUAGE: "kk" })).toEqual({ currency: "KZT" });
    expect(await getDefaultCurrency(t.db, { ...config, ADMIN_LANGUAGE: "sr" })).toEqual({ currency: "RSD" });
    expect(await getDefaultCurrency(t.db, { ...config, ADMIN_LANGUAGE: "sr-Latn" })).toEqual({
      currency: "RSD",
    });
    expect(await getDefaultCurrency(t.db, { ...config, ADMIN_LANGUAGE: "en" })).toEqual({ currency: "EUR" });
    const res = await t.app.inject({ method: "GET", url, headers: manager });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ currency: "EUR" });
  });

  it("is set by admins only, as an ISO code, and then read by everyone", async () => {
    const denied = await t.app.inject({ method: "PUT", url, headers: manager, payload: { currency: "KZT" } });
    expect(denied.statusCode).toBe(403);
    const bad = await t.app.inject({ method: "PUT", url, headers: admin, payload: { currency: "rub" } });
    expect(bad.statusCode).toBe(422);
    expect((await t.app.inject({ method: "GET", url, headers: manager })).json()).toEqual({
      currency: "EUR",
    });
    const ok = await t.app.inject({ method: "PUT", url, headers: admin, payload: { currency: "KZT" } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.app.inject({ method: "GET", url, headers: manager })).json()).toEqual({
      currency: "KZT",
    });
    expect(await getDefaultCurrency(t.db, { ...t.deps.config, ADMIN_LANGUAGE: "ru" })).toEqual({
      currency: "KZT",
    });
  });
});
