import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser, TEST_PASSWORD } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("brute-force protection", () => {
  const t = useTestContext({ env: { TRUST_PROXY: "true" } });
  const login = (email: string, password: string, ip = "203.0.113.1", cookie?: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password },
      headers: { "x-forwarded-for": ip, ...(cookie ? { cookie } : {}) },
    });

  const deviceCookie = (res: { cookies: { name: string; value: string }[] }) =>
    `tandem_device=${res.cookies.find((c) => c.name === "tandem_device")?.value}`;
  const expire = (key: string) =>
    t.db
      .updateTable("auth_throttle")
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where("key", "=", key)
      .execute();

  it("delays an (account, address) pair progressively; the owner at another address signs in", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++)
      expect((await login(user.email, "wrong-password", "198.51.100.1")).statusCode).toBe(401);
    const locked = await login(user.email, TEST_PASSWORD, "198.51.100.1");
    expect(locked.statusCode).toBe(429);
    expect(locked.headers["content-type"]).toContain("application/problem+json");
    const retry = Number(locked.headers["retry-after"]);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(locked.json()).toMatchObject({ code: "too_many_attempts", retryAfter: retry });
    expect(locked.json().detail).toMatch(/Try again in \d+ seconds/);
    expect((await login(user.email, TEST_PASSWORD, "198.51.100.2")).statusCode).toBe(200);
    // The delay ends; the next failure from that address waits twice as long.
    await expire(`login:pair:${user.email}:198.51.100.1`);
    expect((await login(user.email, "wrong-again", "198.51.100.1")).statusCode).toBe(401);
    const second = await login(user.email, TEST_PASSWORD, "198.51.100.1");
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers["retry-after"])).toBeGreaterThan(60);
  });

  it("an attacker hammering an account from one address does not keep its owner out", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 60; i++) await login(user.email, `guess-${i}`, "203.0.113.66");
    expect((await login(user.email, TEST_PASSWORD, "203.0.113.66")).statusCode).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, "192.0.2.10")).statusCode).toBe(200);
  });

  it("guessing from many addresses holds back new browsers only: the device cookie keeps signing in", async () => {
    const user = await createUser(t.db);
    const earlier = await login(user.email, TEST_PASSWORD, "192.0.2.20");
    expect(earlier.statusCode).toBe(200);
    const device = deviceCookie(earlier);
    const other = await createUser(t.db);
    const otherDevice = deviceCookie(await login(other.email, TEST_PASSWORD, "192.0.2.21"));
    for (let i = 0; i < 20; i++) {
      expect((await login(user.email, "wrong-password", `198.18.1.${i}`)).statusCode).toBe(401);
    }
    const fresh = await login(user.email, TEST_PASSWORD, "198.18.2.1");
    expect(fresh.statusCode).toBe(429);
    expect(Number(fresh.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
    // Another account's device cookie is no pass for this one.
    expect((await login(user.email, TEST_PASSWORD, "198.18.2.1", otherDevice)).statusCode).toBe(429);
    // The owner's browser signs in, even from one of the attacking addresses.
    expect((await login(user.email, TEST_PASSWORD, "198.18.1.3", device)).statusCode).toBe(200);
    // A device cookie that guesses is delayed on its own counter.
    for (let i = 0; i < 5; i++)
      expect((await login(user.email, "nope", "192.0.2.20", device)).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, "192.0.2.20", device)).statusCode).toBe(429);
  });

  it("answers an unknown email the same way, so delays do not reveal accounts", async () => {
    for (let i = 0; i < 5; i++) await login("ghost@example.com", "wrong-password", "192.0.2.1");
    const res = await login("ghost@example.com", "wrong-password", "192.0.2.1");
    expect(res.statusCode).toBe(429);
  });

  it("clears the pair's counter after a successful sign-in", async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 4; i++) await login(user.email, "wrong-password", "198.18.0.1");
    expect((await login(user.email, TEST_PASSWORD, "198.18.0.1")).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login(user.email, "wrong-password", "198.18.0.1");
    expect((await login(user.email, TEST_PASSWORD, "198.18.0.1")).statusCode).toBe(200);
  });

  it("slows an address with many failures by seconds instead of locking it for long", async () => {
    const ip = "203.0.113.200";
    // Seed 49 failures as another instance would have counted them.
    await t.db
      .insertInto("auth_throttle")
      .values({ key: `login:ip:${ip}`, failures: 49 })
      .execute();
    const user = await createUser(t.db);
    expect((await login("someone@example.com", "wrong-password", ip)).statusCode).toBe(401);
    const slowed = await login(user.email, TEST_PASSWORD, ip);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers["retry-after"])).toBeLessThanOrEqual(30);
    await expire(`login:ip:${ip}`);
    expect((await login(user.email, TEST_PASSWORD, ip)).statusCode).toBe(200);
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
