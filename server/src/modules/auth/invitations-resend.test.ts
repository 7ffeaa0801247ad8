import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser, deliverQueuedMail, linkToken, signIn } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("resending an invitation", () => {
  const t = useTestContext();

  async function invite(headers: Record<string, string>, email: string) {
    const role = await t.db
      .selectFrom("roles")
      .select("id")
      .where("key", "=", "sales_manager")
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/invitations",
      headers,
      payload: { email, name: "Invitee", roleId: role.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  }
  const resend = (headers: Record<string, string>, id: string) =>
    t.app.inject({ method: "POST", url: `/api/v1/invitations/${id}/resend`, headers });
  const accept = (token: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/invitations/accept",
      payload: { token, name: "Ivan Invitee", password: "Invited-user-pass-77" },
    });

  it("mails a new link for an expired invitation; the old link stops working; audited", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const s = await signIn(t.app, admin.email);
    const first = await invite(s.headers, "late@example.com");
    const oldToken = linkToken((await deliverQueuedMail(t))[0]?.text ?? "", "accept-invitation");
    await t.db
      .updateTable("invitations")
      .set({ expires_at: sql<Date>`now() - interval '1 hour'` })
      .where("id", "=", first.id)
      .execute();
    const list = await t.app.inject({ method: "GET", url: "/api/v1/invitations", headers: s.headers });
    expect(list.json().items[0]).toMatchObject({ id: first.id, status: "expired" });

    const res = await resend(s.headers, first.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: "late@example.com", status: "pending" });
    expect(res.json().id).not.toBe(first.id);
    const [mail] = await deliverQueuedMail(t);
    expect(mail?.to).toBe("late@example.com");
    const newToken = linkToken(mail?.text ?? "", "accept-invitation");
    expect(newToken).not.toBe(oldToken);
    expect((await accept(oldToken)).statusCode).toBe(400);
    expect((await accept(newToken)).statusCode).toBe(200);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "details"])
      .where("action", "=", "auth.invitation.resent")
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(admin.id);
    expect(audit.details).toMatchObject({ previousInvitationId: first.id, invitationId: res.json().id });
    // Accepted now: nothing to resend.
    expect((await resend(s.headers, res.json().id)).statusCode).toBe(404);
  });

  it("refuses revoked and unknown invitations (404) and users without users.manage (403)", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const s = await signIn(t.app, admin.email);
    const inv = await invite(s.headers, "gone@example.com");
    const outsider = await signIn(t.app, (await createUser(t.db)).email);
    expect((await resend(outsider.headers, inv.id)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "DELETE", url: `/api/v1/invitations/${inv.id}`, headers: s.headers }))
        .statusCode,
    ).toBe(204);
    expect((await resend(s.headers, inv.id)).statusCode).toBe(404);
    expect((await resend(s.headers, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await resend(s.headers, "not-a-uuid")).statusCode).toBe(422);
  });
});
