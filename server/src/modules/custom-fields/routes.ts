import { z } from "zod";
import { hasAdminPermission } from "../../platform/access/actor.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityEnum } from "../../platform/records/catalog.js";
import {
  createCustomFieldBody,
  customFieldSchema,
  fieldMetaSchema,
  updateCustomFieldBody,
} from "./schemas.js";
import {
  createCustomField,
  fieldMetadata,
  getCustomField,
  listCustomFields,
  purgeCustomField,
  setCustomFieldDeleted,
  updateCustomField,
} from "./service.js";

const tags = ["custom-fields"];
const manage = access.admin("customFields.manage");

export function routes(app: App, { db, entities, jobs }: AppDeps) {
  const entity = entityEnum(entities, "customFields");
  app.get(
    "/api/v1/custom-fields",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Custom field definitions (deleted ones with includeDeleted=true, admins only)",
        querystring: z.strictObject({
          entity: entity.optional(),
          includeDeleted: z.enum(["true", "false"]).optional(),
        }),
        response: { 200: z.object({ items: z.array(customFieldSchema) }) },
      },
    },
    async (req) => {
      const ctx = requestContext(req);
      const withDeleted =
        req.query.includeDeleted === "true" && hasAdminPermission(ctx.actor, "customFields.manage");
      return {
        items: await listCustomFields(db, req.query.entity, withDeleted),
      };
    },
  );
  app.get(
    "/api/v1/custom-fields/meta/:entity",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary:
          "Every field of an entity (standard + custom) as the caller may use it in filters, sorts and forms",
        // Every declared entity (lists of entities without custom fields, e.g. activities, read it too).
        params: z.strictObject({ entity: entityEnum(entities) }),
        response: { 200: z.object({ items: z.array(fieldMetaSchema) }) },
      },
    },
    async (req) => ({
      items: await fieldMetadata(db, requestContext(req).actor, req.params.entity),
    }),
  );
  app.get(
    "/api/v1/custom-fields/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A custom field definition (deleted ones to admins only)",
        params: idParams,
        response: { 200: customFieldSchema, 404: problemSchema },
      },
    },
    async (req) => getCustomField(db, requestContext(req).actor, req.params.id),
  );
  app.post(
    "/api/v1/custom-fields",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Define a custom field",
        body: createCustomFieldBody(entity, entityEnum(entities, "linkable")),
        response: { 201: customFieldSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await db
            .transaction()
            .execute((trx) => createCustomField(trx, requestContext(req), jobs, req.body)),
        ),
  );
  app.patch(
    "/api/v1/custom-fields/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Change a custom field (key, entity and type are fixed)",
        params: idParams,
        body: updateCustomFieldBody,
        response: { 200: customFieldSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => updateCustomField(trx, requestContext(req), jobs, req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/custom-fields/:id",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Delete a custom field (values are kept until purge)",
        params: idParams,
        response: { 200: customFieldSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => setCustomFieldDeleted(trx, requestContext(req), jobs, req.params.id, true)),
  );
  app.post(
    "/api/v1/custom-fields/:id/restore",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Restore a deleted custom field",
        params: idParams,
        response: { 200: customFieldSchema },
      },
    },
    async (req) =>
      db
        .transaction()
        .execute((trx) => setCustomFieldDeleted(trx, requestContext(req), jobs, req.params.id, false)),
  );
  app.post(
    "/api/v1/custom-fields/:id/purge",
    {
      config: { access: manage },
      schema: {
        tags,
        summary: "Erase a deleted field and its values from every record",
        params: idParams,
        response: { 200: z.object({ recordsCleared: z.number().int() }) },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => purgeCustomField(trx, requestContext(req), jobs, req.params.id)),
  );
}
