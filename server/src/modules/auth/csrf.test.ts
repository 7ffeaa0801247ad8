import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../platform/http/app.js";
import { createUser, signIn } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { modules } from "../index.js";

describe("CSRF tokens are bound to the session", () => {
  const t = useTestContext();
  const patchMe = (headers: Record<string, string>) =>
    t.app.inject({ method: "PATCH", url: "/api/v1/me", headers, payload: { position: "Changed" } });

  it("refuses a planted cookie with a matching header", async () => {
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    const s = await signIn(t.app, user.email);
    const session = s.cookie.split(";")[0] as string;
    const planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const res = await patchMe({ cookie: `${session}; tandem_csrf=${planted}`, "x-csrf-token": planted });
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("csrf_failed");
    const stored = await t.db
      .selectFrom("users")
      .select("position")
      .where("id", "=", user.id)
      .executeTakeFirst();
    expect(stored?.position).toBeNull();
  });

  it("refuses the token of another session, also of the same user", async () => {
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    const mine = await signIn(t.app, user.email);
    const other = await signIn(t.app, user.email);
    expect(other.csrf).not.toBe(mine.csrf);
    const session = mine.cookie.split(";")[0] as string;
    const res = await patchMe({
      cookie: `${session}; tandem_csrf=${other.csrf}`,
      "x-csrf-token": other.csrf,
    });
    expect(res.json().code).toBe("csrf_failed");
    expect((await patchMe(mine.headers)).statusCode).toBe(200);
  });

  it("the header alone decides (the cookie is not trusted) and a second instance accepts the token", async () => {
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    const s = await signIn(t.app, user.email);
    const session = s.cookie.split(";")[0] as string;
    expect((await patchMe({ cookie: session, "x-csrf-token": s.csrf })).statusCode).toBe(200);
    // Another instance on the same database (e.g. behind a load balancer) derives the same token.
    const second = await buildApp({ deps: t.deps, modules, logger: pino({ level: "silent" }) });
    try {
      const res = await second.inject({
        method: "PATCH",
        url: "/api/v1/me",
        headers: s.headers,
        payload: { position: "Second" },
      });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await second.close();
    }
  });
});
