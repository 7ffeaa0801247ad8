import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser, TEST_PASSWORD } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("brute-force protection", () => {
  const t = useTestContext({ env: { TRUST_PROXY: "true" } });
  const login = (email: string, password: string, ip = "203.0.113.1") =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password },
      headers: { "x-forwarded-for": ip },
    });

  it("locks an account after 5 failures with 429 and Retry-After, doubling the lock", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++) {
      expect((await login(user.email, "wrong-password", `198.51.100.${i}`)).statusCode).toBe(401);
    }
    // Even the right password is refused while locked, from any address.
    const locked = await login(user.email, TEST_PASSWORD, "198.51.100.99");
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe("too_many_attempts");
    const retry = Number(locked.headers["retry-after"]);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // The lock ends; the next failure locks for twice as long.
    await t.db
      .updateTable("auth_throttle")
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where("key", "=", `login:account:${user.email}`)
      .execute();
    expect((await login(user.email, "wrong-again", "198.51.100.50")).statusCode).toBe(401);
    const second = await login(user.email, TEST_PASSWORD, "198.51.100.51");
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers["retry-after"])).toBeGreaterThan(60);
  });

  it("answers an unknown email the same way, so lockout does not reveal accounts", async () => {
    for (let i = 0; i < 5; i++) await login("ghost@example.com", "wrong-password", `192.0.2.${i}`);
    const res = await login("ghost@example.com", "wrong-password", "192.0.2.77");
    expect(res.statusCode).toBe(429);
  });

  it("clears the account counter after a successful sign-in", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 4; i++) await login(user.email, "wrong-password", "198.18.0.1");
    expect((await login(user.email, TEST_PASSWORD, "198.18.0.1")).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login(user.email, "wrong-password", "198.18.0.1");
    expect((await login(user.email, TEST_PASSWORD, "198.18.0.1")).statusCode).toBe(200);
  });

  it("limits one IP to 50 failures in 15 minutes across accounts", async () => {
    const ip = "203.0.113.200";
    // Seed 49 failures as another instance would have counted them.
    await t.db
      .insertInto("auth_throttle")
      .values({ key: `login:ip:${ip}`, failures: 49 })
      .execute();
    const user = await createUser(t.db);
    expect((await login("someone@example.com", "wrong-password", ip)).statusCode).toBe(401);
    const blocked = await login(user.email, TEST_PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(800);
    expect((await login(user.email, TEST_PASSWORD, "203.0.113.201")).statusCode).toBe(200);
  });

  it("limits password-reset requests per email", async () => {
    const send = () =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/request",
        payload: { email: "flood@example.com" },
        headers: { "x-forwarded-for": "203.0.113.150" },
      });
    for (let i = 0; i < 5; i++) expect((await send()).statusCode).toBe(202);
    const res = await send();
    expect(res.statusCode).toBe(429);
    expect(res.headers["retry-after"]).toBeDefined();
  });
});
