import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityListQuery } from "../../platform/query/schemas.js";
import {
  contactCreated,
  contactList,
  contactSchema,
  createContactBody,
  updateContactBody,
} from "./schemas.js";
import { createContact, getContact, listContactsPage, setContactDeleted, updateContact } from "./service.js";

const tags = ["contacts"];

export function routes(app: App, { db }: AppDeps) {
  app.get(
    "/api/v1/contacts",
    {
      config: { access: access.entity("contacts", "read") },
      schema: {
        tags,
        summary: "List contacts (filter, sort, keyset pages)",
        querystring: entityListQuery.extend({
          deleted: z.enum(["true", "false"]).optional().describe("`true` lists the trash (soft-deleted)."),
          companyId: z.uuid().optional().describe("Only people who are members of this company."),
        }),
        response: { 200: contactList },
      },
    },
    // Reads run on the pool: no transaction, no BEGIN/COMMIT round trips.
    async (req) =>
      listContactsPage(db, requestContext(req), { ...req.query, deleted: req.query.deleted === "true" }),
  );

  app.post(
    "/api/v1/contacts",
    {
      config: { access: access.entity("contacts", "create") },
      schema: {
        tags,
        summary: "Create a contact (answers duplicate hints in `warnings`)",
        body: createContactBody,
        response: { 201: contactCreated },
      },
    },
    async (req, reply) => {
      const created = await db
        .transaction()
        .execute((trx) => createContact(trx, requestContext(req), req.body));
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/api/v1/contacts/:id",
    {
      config: { access: access.entity("contacts", "read") },
      schema: { tags, summary: "Get a contact", params: idParams, response: { 200: contactSchema } },
    },
    async (req) => getContact(db, requestContext(req), req.params.id),
  );

  app.patch(
    "/api/v1/contacts/:id",
    {
      config: { access: access.entity("contacts", "update") },
      schema: {
        tags,
        summary: "Update a contact",
        params: idParams,
        body: updateContactBody,
        response: { 200: contactSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateContact(trx, requestContext(req), req.params.id, req.body)),
  );

  app.delete(
    "/api/v1/contacts/:id",
    {
      config: { access: access.entity("contacts", "delete") },
      schema: {
        tags,
        summary: "Move a contact to the trash (soft delete)",
        params: idParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (req, reply) => {
      await db
        .transaction()
        .execute((trx) => setContactDeleted(trx, requestContext(req), req.params.id, true));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/contacts/:id/restore",
    {
      config: { access: access.entity("contacts", "delete") },
      schema: {
        tags,
        summary: "Restore a contact from the trash",
        params: idParams,
        response: { 200: contactSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => setContactDeleted(trx, requestContext(req), req.params.id, false)),
  );
}
