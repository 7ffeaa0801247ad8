import { describe, expect, it } from "vitest";
import { createUser, signIn, TEST_PASSWORD, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("password strength (zxcvbn)", () => {
  const t = useTestContext();
  const change = async (newPassword: string) => {
    const user = await createUser(t.db, {
      roleKey: "admin",
      email: `strength-${Math.random().toString(36).slice(2)}@example.com`,
    });
    const s = await signIn(t.app, user.email);
    return t.app.inject({
      method: "POST",
      url: "/api/v1/auth/change-password",
      headers: s.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword },
    });
  };

  it("refuses password1234 for an administrator, with the reason", async () => {
    const res = await change("password1234");
    expect(res.statusCode).toBe(422);
    const error = res.json().errors[0];
    expect(error.field).toBe("newPassword");
    expect(error.code).toMatch(/^password_weak/);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it("names the kind of weakness", async () => {
    expect((await change("abcdefghijklmnop")).json().errors[0].code).toBe("password_weak_pattern");
    expect((await change("aaaaaaaaaaaaaa")).json().errors[0].code).toBe("password_weak_pattern");
    expect((await change("vasilisa12345678")).json().errors[0].code).toBe("password_weak_common");
  });

  it("a password built from the person's own name is weak", async () => {
    const user = await createUser(t.db, { roleKey: "admin", name: "Zinaida Kolokoltseva" });
    const s = await signIn(t.app, user.email);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/change-password",
      headers: s.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: "kolokoltseva2024" },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe("password_weak_personal");
  });

  it("accepts a long passphrase", async () => {
    expect((await change("velvet-Tundra-quietly-07-ferns")).statusCode).toBe(204);
  });

  it("the policy sets the least score (3 by default; 0 turns the estimate off)", async () => {
    const admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const policy = await t.app.inject({
      method: "GET",
      url: "/api/v1/settings/password-policy",
      headers: admin,
    });
    const stored = policy.json<Record<string, unknown>>();
    expect(stored.minStrength).toBe(3);
    const off = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/password-policy",
      headers: admin,
      payload: { ...stored, minStrength: 0 },
    });
    expect(off.statusCode).toBe(200);
    expect((await change("password1234")).statusCode).toBe(204);
    const bad = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/password-policy",
      headers: admin,
      payload: { ...stored, minStrength: 5 },
    });
    expect(bad.statusCode).toBe(422);
  });
});
