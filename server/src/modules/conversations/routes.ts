import { z } from "zod";
import type { Database } from "../../platform/db/database.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, access } from "../../platform/http/types.js";
import {
  conversationDetail,
  conversationListQuery,
  conversationListResponse,
  conversationPatch,
  messageParams,
  newConversationBody,
  replyBody,
  sendResponse,
  signatureBody,
  signaturesResponse,
  signatureView,
} from "./schemas.js";
import {
  cancelScheduled,
  retrySend,
  type SendServiceDeps,
  sendInThread,
  startConversation,
} from "./send-service.js";
import { getConversation, listConversations, patchConversation } from "./service.js";
import { listSignatures, putSignature } from "./signatures.js";

const tags = ["conversations"];
const errors = {
  400: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
const visibility =
  "Visible to the mailbox's owner, members of teams it is granted to and the thread's assignee, and to users who may read a record the thread is linked to — unless the owner marked it private: then those see only subject and participants (`restricted`).";

export function conversationRoutes(app: App, db: Database, send: SendServiceDeps): void {
  app.get(
    "/api/v1/conversations",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "E-mail threads you may read, newest first (the inbox)",
        description: visibility,
        querystring: conversationListQuery,
        response: { 200: conversationListResponse, ...errors },
      },
    },
    async (request) => listConversations(db, requestContext(request), request.query),
  );

  app.post(
    "/api/v1/conversations",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Write a new letter (a new thread) from a mailbox you may send from",
        description:
          "HTML is sanitized; your signature is added unless `includeSignature` is false. The letter is queued (sent by a job, or at `sendAt`) and shows at once with `sendStatus`.",
        body: newConversationBody,
        response: { 202: sendResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const out = await db.transaction().execute((trx) => startConversation(trx, ctx, send, request.body));
      return reply.code(202).send(out);
    },
  );

  app.get(
    "/api/v1/conversations/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A thread with its messages",
        description: visibility,
        params: idParams,
        response: { 200: conversationDetail, 404: problemSchema },
      },
    },
    async (request) => getConversation(db, requestContext(request), request.params.id),
  );

  app.patch(
    "/api/v1/conversations/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Mark read/unread (for you), assign to a colleague, mark private",
        params: idParams,
        body: conversationPatch,
        response: { 200: conversationDetail, ...errors },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => patchConversation(trx, ctx, request.params.id, request.body));
    },
  );

  app.post(
    "/api/v1/conversations/:id/messages",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Reply, reply to all or forward",
        description:
          "Threaded with In-Reply-To/References (forwards start none). The quoted original is appended below your text and signature.",
        params: idParams,
        body: replyBody,
        response: { 202: sendResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const out = await db
        .transaction()
        .execute((trx) => sendInThread(trx, ctx, send, request.params.id, request.body));
      return reply.code(202).send(out);
    },
  );

  app.post(
    "/api/v1/conversations/:id/messages/:messageId/retry",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Send a failed letter again (same Message-ID)",
        params: messageParams,
        response: { 202: sendResponse, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const { id, messageId } = request.params;
      const out = await db.transaction().execute((trx) => retrySend(trx, ctx, send.jobs, id, messageId));
      return reply.code(202).send(out);
    },
  );

  app.delete(
    "/api/v1/conversations/:id/messages/:messageId",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Cancel a letter not sent yet (scheduled or failed)",
        params: messageParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = requestContext(request);
      const { id, messageId } = request.params;
      await db.transaction().execute((trx) => cancelScheduled(trx, ctx, id, messageId));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/mail-signatures",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Your e-mail signatures (per mailbox, and a default with mailboxId null)",
        response: { 200: signaturesResponse },
      },
    },
    async (request) => listSignatures(db, requestContext(request).actor.userId),
  );

  app.put(
    "/api/v1/mail-signatures",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Set your signature for a mailbox (or your default); empty HTML removes it",
        body: signatureBody,
        response: { 200: signatureView, ...errors },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db
        .transaction()
        .execute((trx) => putSignature(trx, ctx.actor, request.body.mailboxId, request.body.html));
    },
  );
}
