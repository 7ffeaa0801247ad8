import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import {
  dismissUnknownSender,
  linkThreadToRecord,
  listThreadLinks,
  listUnknownSenders,
  unlinkThreadFromRecord,
} from "./links-service.js";
import {
  createMailbox,
  deleteMailbox,
  getMailbox,
  listMailboxes,
  resyncMailbox,
  testMailboxSettings,
  updateMailbox,
} from "./mailboxes-service.js";
import { PRESETS } from "./presets.js";
import {
  createMailboxBody,
  dismissUnknownBody,
  mailboxList,
  mailboxSchema,
  presetList,
  testMailboxBody,
  threadLinkBody,
  threadLinkParams,
  threadLinksSchema,
  unknownSenderList,
  unknownSendersQuery,
  updateMailboxBody,
} from "./schemas.js";

const tags = ["mailboxes"];
const auth = { access: access.authenticated() };

export function mailboxRoutes(app: App, deps: AppDeps) {
  const { db } = deps;
  app.get(
    "/api/v1/mailboxes",
    {
      config: auth,
      schema: {
        tags,
        summary: "Mailboxes the caller sees (own personal, shared granted to their team; admins all shared)",
        response: { 200: mailboxList },
      },
    },
    async (req) => listMailboxes(db, requestContext(req)),
  );
  app.get(
    "/api/v1/mailboxes/presets",
    {
      config: auth,
      schema: {
        tags,
        summary: "IMAP/SMTP presets (Gmail, Yandex, Mail.ru, Microsoft)",
        response: { 200: presetList },
      },
    },
    async () => ({
      items: Object.entries(PRESETS).map(([name, p]) => ({ name, imap: p.imap, smtp: p.smtp })),
    }),
  );
  app.post(
    "/api/v1/mailboxes/test",
    {
      config: auth,
      schema: {
        tags,
        summary:
          "Test IMAP login and SMTP without saving (422 authentication_failed, tls_handshake_failed, host_not_found, connection_refused, timeout, unsafe_destination)",
        body: testMailboxBody,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => testMailboxSettings(deps, requestContext(req), req.body),
  );
  app.post(
    "/api/v1/mailboxes",
    {
      config: auth,
      schema: {
        tags,
        summary: "Connect a mailbox (tested on save; the password is sealed and never returned)",
        body: createMailboxBody,
        response: { 201: mailboxSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createMailbox(deps, requestContext(req), req.body)),
  );
  app.get(
    "/api/v1/mailboxes/unknown-senders",
    {
      config: auth,
      schema: {
        tags,
        summary: "Not in CRM: correspondents no contact has",
        querystring: unknownSendersQuery,
        response: { 200: unknownSenderList },
      },
    },
    async (req) => listUnknownSenders(db, requestContext(req), req.query),
  );
  app.post(
    "/api/v1/mailboxes/unknown-senders/dismiss",
    {
      config: auth,
      schema: {
        tags,
        summary: "Hide an address from Not in CRM",
        body: dismissUnknownBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await dismissUnknownSender(db, requestContext(req), req.body.mailboxId, req.body.address);
      return reply.code(204).send(null);
    },
  );
  app.get(
    "/api/v1/mailboxes/:id",
    {
      config: auth,
      schema: {
        tags,
        summary: "A mailbox with its sync state",
        params: idParams,
        response: { 200: mailboxSchema },
      },
    },
    async (req) => getMailbox(db, requestContext(req), req.params.id),
  );
  app.patch(
    "/api/v1/mailboxes/:id",
    {
      config: auth,
      schema: {
        tags,
        summary: "Change a mailbox (connection changes are tested first); enabled=false pauses",
        params: idParams,
        body: updateMailboxBody,
        response: { 200: mailboxSchema },
      },
    },
    async (req) => updateMailbox(deps, requestContext(req), req.params.id, req.body),
  );
  app.delete(
    "/api/v1/mailboxes/:id",
    {
      config: auth,
      schema: {
        tags,
        summary: "Disconnect a mailbox (synced mail stays)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteMailbox(db, requestContext(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    "/api/v1/mailboxes/:id/sync",
    {
      config: auth,
      schema: {
        tags,
        summary: "Retry now (clears the back-off)",
        params: idParams,
        response: { 200: mailboxSchema },
      },
    },
    async (req) => resyncMailbox(db, requestContext(req), req.params.id),
  );

  const linkTags = ["conversations"];
  app.get(
    "/api/v1/conversations/:id/links",
    {
      config: auth,
      schema: {
        tags: linkTags,
        summary: "Records a conversation is linked to",
        params: idParams,
        response: { 200: threadLinksSchema },
      },
    },
    async (req) => listThreadLinks(db, requestContext(req), req.params.id),
  );
  app.post(
    "/api/v1/conversations/:id/links",
    {
      config: auth,
      schema: {
        tags: linkTags,
        summary: "Link a conversation to a record (its later messages stay linked)",
        params: idParams,
        body: threadLinkBody,
        response: { 200: threadLinksSchema },
      },
    },
    async (req) => linkThreadToRecord(db, requestContext(req), req.params.id, req.body),
  );
  app.delete(
    "/api/v1/conversations/:id/links/:entity/:recordId",
    {
      config: auth,
      schema: {
        tags: linkTags,
        summary: "Unlink a conversation from a record",
        params: threadLinkParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await unlinkThreadFromRecord(
        db,
        requestContext(req),
        req.params.id,
        req.params.entity,
        req.params.recordId,
      );
      return reply.code(204).send(null);
    },
  );
}
