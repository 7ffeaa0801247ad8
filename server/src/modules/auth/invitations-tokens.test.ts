import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  createTeam,
  createUser,
  deliverQueuedMail,
  linkToken,
  signIn,
  tokenHeaders,
} from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("invitations", () => {
  const t = useTestContext({ env: { PORT: "4123" } });

  async function invite(
    headers: Record<string, string>,
    email: string,
    roleKey = "sales_manager",
    teamId?: string,
  ) {
    const role = await t.db
      .selectFrom("roles")
      .select("id")
      .where("key", "=", roleKey)
      .executeTakeFirstOrThrow();
    return t.app.inject({
      method: "POST",
      url: "/api/v1/invitations",
      headers,
      payload: { email, name: "Invitee", roleId: role.id, ...(teamId ? { teamId } : {}) },
    });
  }
  const accept = (token: string, password = "Invited-user-pass-77") =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/invitations/accept",
      payload: { token, name: "Ivan Invitee", password },
    });

  it("invites by email, accepts once and signs the new user in", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const s = await signIn(t.app, admin.email);
    const team = await createTeam(t.db, "North");
    const res = await invite(s.headers, "new.person@example.com", "sales_manager", team.id);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: "new.person@example.com", status: "pending", teamId: team.id });
    const [mail] = await deliverQueuedMail(t);
    expect(mail?.to).toBe("new.person@example.com");
    expect(mail?.text).toContain("http://localhost:4123/accept-invitation?token=");
    const token = linkToken(mail?.text ?? "", "accept-invitation");

    const weak = await accept(token, "1q2w3e4r5t6y");
    expect(weak.statusCode, weak.body).toBe(422);
    expect(weak.json().errors[0]).toMatchObject({ field: "password", code: "password_common" });
    const ok = await accept(token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: "ok",
      user: {
        email: "new.person@example.com",
        name: "Ivan Invitee",
        team: { id: team.id },
        role: { key: "sales_manager" },
      },
    });
    const cookie = ok.cookies.find((c) => c.name === "tandem_session")?.value;
    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `tandem_session=${cookie}` },
    });
    expect(me.statusCode).toBe(200);
    const again = await accept(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe("invalid_or_expired_token");
    const list = await t.app.inject({ method: "GET", url: "/api/v1/invitations", headers: s.headers });
    expect(list.json().items[0]).toMatchObject({ email: "new.person@example.com", status: "accepted" });
    expect((await invite(s.headers, "new.person@example.com")).statusCode).toBe(409);
  });

  it("refuses expired and revoked invitations, and non-admins", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const s = await signIn(t.app, admin.email);
    await invite(s.headers, "late@example.com");
    const created = await invite(s.headers, "revoked@example.com");
    const mails = await deliverQueuedMail(t);
    const late = linkToken(mails.find((m) => m.to === "late@example.com")?.text ?? "", "accept-invitation");
    const revokedToken = linkToken(
      mails.find((m) => m.to === "revoked@example.com")?.text ?? "",
      "accept-invitation",
    );
    await t.db
      .updateTable("invitations")
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where("email", "=", "late@example.com")
      .execute();
    expect((await accept(late)).json().code).toBe("invalid_or_expired_token");
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/invitations/${created.json().id}`,
      headers: s.headers,
    });
    expect(del.statusCode).toBe(204);
    expect((await accept(revokedToken)).json().code).toBe("invalid_or_expired_token");

    const manager = await createUser(t.db);
    const ms = await signIn(t.app, manager.email);
    expect((await invite(ms.headers, "x@example.com")).statusCode).toBe(403);
  });

  it("answers 409 when a user with the invited email was created meanwhile", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const s = await signIn(t.app, admin.email);
    await invite(s.headers, "race@example.com");
    const [mail] = await deliverQueuedMail(t);
    await createUser(t.db, { email: "race@example.com" });
    expect((await accept(linkToken(mail?.text ?? "", "accept-invitation"))).statusCode).toBe(409);
  });
});

describe("API tokens", () => {
  const t = useTestContext();

  it("creates a token shown once, authenticates with it, lists and revokes it", async () => {
    const user = await createUser(t.db);
    const s = await signIn(t.app, user.email);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: { ...s.headers, "idempotency-key": "tok-1" },
      payload: { name: "Zapier" },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tdm_[\w-]{43}$/);
    const stored = await t.db
      .selectFrom("api_tokens")
      .select(["token_hash", "last_used_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(stored.last_used_at).toBeNull();
    // The plain token is not kept for Idempotency-Key replays.
    const kept = await t.db.selectFrom("idempotency_keys").select("response_body").execute();
    expect(JSON.stringify(kept)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer });
    expect(me.json().id).toBe(user.id);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/api-tokens", headers: bearer });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].lastUsedAt).not.toBeNull();
    expect(list.json().items[0]).not.toHaveProperty("token");
    // A token cannot mint more tokens.
    const nested = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: bearer,
      payload: { name: "x" },
    });
    expect(nested.json().code).toBe("session_required");
    const del = await t.app.inject({ method: "DELETE", url: `/api/v1/api-tokens/${id}`, headers: s.headers });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe("invalid_token");
  });

  it("rejects malformed, unknown and expired tokens with invalid_token", async () => {
    const user = await createUser(t.db);
    for (const authorization of ["Bearer nope", "Basic abc", `Bearer tdm_${"a".repeat(43)}`]) {
      const res = await t.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("invalid_token");
    }
    const s = await signIn(t.app, user.email);
    const past = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: s.headers,
      payload: { name: "old", expiresAt: "2020-01-01T00:00:00Z" },
    });
    expect(past.statusCode).toBe(422);
    const headers = await tokenHeaders(t.db, user.id);
    await t.db
      .updateTable("api_tokens")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where("user_id", "=", user.id)
      .execute();
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers })).statusCode).toBe(401);
  });

  it("lets read-only tokens read but not write", async () => {
    const user = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, user.id, { readOnly: true });
    expect((await t.app.inject({ method: "GET", url: "/api/v1/me", headers })).statusCode).toBe(200);
    // Admin permissions do not apply to read-only tokens at all.
    const adminRead = await t.app.inject({ method: "GET", url: "/api/v1/settings/password-policy", headers });
    expect(adminRead.statusCode).toBe(403);
    for (const req of [
      { method: "PATCH" as const, url: "/api/v1/me", payload: { name: "Nope" } },
      { method: "POST" as const, url: "/api/v1/auth/logout-everywhere" },
    ]) {
      const write = await t.app.inject({ ...req, headers });
      expect(write.statusCode).toBe(403);
      expect(write.json().code).toBe("read_only_token");
    }
    const rw = await tokenHeaders(t.db, user.id);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/settings/password-policy", headers: rw }))
        .statusCode,
    ).toBe(200);
  });

  it("keeps other users' tokens out of reach", async () => {
    const owner = await createUser(t.db);
    const other = await createUser(t.db);
    const s = await signIn(t.app, owner.email);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: s.headers,
      payload: { name: "mine" },
    });
    const os = await signIn(t.app, other.email);
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/api-tokens/${created.json().id}`,
      headers: os.headers,
    });
    expect(del.statusCode).toBe(404);
  });
});
