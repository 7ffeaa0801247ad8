import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, listResponse, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { clientInfo, startBrowserSession } from "./http.js";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "./invitations.js";
import { loadMe } from "./me.js";
import { acceptInvitationBody, invitationBody, invitationSchema, okWithUser } from "./schemas.js";
import { createSession } from "./sessions.js";
import { withTokenThrottle } from "./throttle.js";

const tags = ["invitations"];

type InvitationRow = Awaited<ReturnType<typeof listInvitations>>[number];
function present(i: InvitationRow) {
  const status = i.accepted_at
    ? ("accepted" as const)
    : i.revoked_at
      ? ("revoked" as const)
      : i.expires_at.getTime() <= Date.now()
        ? ("expired" as const)
        : ("pending" as const);
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    roleId: i.role_id,
    teamId: i.team_id,
    invitedBy: i.invited_by,
    status,
    expiresAt: i.expires_at.toISOString(),
    createdAt: i.created_at.toISOString(),
  };
}

export function invitationRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.post(
    "/api/v1/invitations",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags,
        summary: "Invite a person by email (the link is valid 7 days, single use)",
        body: invitationBody,
        response: { 201: invitationSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const row = await db.transaction().execute((trx) => createInvitation(trx, deps, ctx, request.body));
      return reply.code(201).send(present(row));
    },
  );

  app.post(
    "/api/v1/invitations/:id/resend",
    {
      config: { access: access.admin("users.manage"), idempotent: false },
      schema: {
        tags,
        summary: "Send a pending or expired invitation again (a new 7-day link; the old link stops working)",
        params: idParams,
        response: { 201: invitationSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const row = await db
        .transaction()
        .execute((trx) => resendInvitation(trx, deps, ctx, request.params.id));
      return reply.code(201).send(present(row));
    },
  );

  app.get(
    "/api/v1/invitations",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags,
        summary: "Invitations, newest first (latest 500)",
        response: { 200: listResponse(invitationSchema) },
      },
    },
    async () => {
      const rows = await db.transaction().execute((trx) => listInvitations(trx));
      return { items: rows.map(present), nextCursor: null };
    },
  );

  app.delete(
    "/api/v1/invitations/:id",
    {
      config: { access: access.admin("users.manage") },
      schema: { tags, summary: "Revoke a pending invitation", params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      await db.transaction().execute((trx) => revokeInvitation(trx, ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/invitations/accept",
    {
      config: { access: access.public(), idempotent: false },
      schema: {
        tags,
        summary: "Accept an invitation: create the account and sign in",
        body: acceptInvitationBody,
        response: { 200: okWithUser, 400: problemSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const client = clientInfo(request);
      const { userId, cookieValue } = await withTokenThrottle(db, client.ip, () =>
        db.transaction().execute(async (trx) => {
          const id = await acceptInvitation(trx, request.body, client);
          const session = await createSession(trx, deps.config, {
            userId: id,
            ip: client.ip,
            userAgent: client.userAgent,
            twoFactorPending: false,
          });
          return { userId: id, cookieValue: session.cookieValue };
        }),
      );
      startBrowserSession(reply, deps, cookieValue);
      return { status: "ok" as const, user: await loadMe(db, userId) };
    },
  );
}
