import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams, isoDateTime, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { createTag, deleteTag, getTag, listTags, updateTag } from "./service.js";

export const TAG_COLORS = [
  "gray",
  "red",
  "pink",
  "grape",
  "violet",
  "indigo",
  "blue",
  "cyan",
  "teal",
  "green",
  "lime",
  "yellow",
  "orange",
] as const;
const tagSchema = z.object({ id: z.uuid(), name: z.string(), color: z.string(), createdAt: isoDateTime });
const name = z.string().trim().min(1).max(50);
const tags = ["tags"];

export function routes(app: App, { db }: AppDeps) {
  app.get(
    "/api/v1/tags",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "The tag catalogue (names and colors)",
        response: { 200: z.object({ items: z.array(tagSchema) }) },
      },
    },
    async () => ({ items: await listTags(db) }),
  );
  app.get(
    "/api/v1/tags/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "A tag",
        params: idParams,
        response: { 200: tagSchema, 404: problemSchema },
      },
    },
    async (req) => getTag(db, req.params.id),
  );
  app.post(
    "/api/v1/tags",
    {
      config: { access: access.authenticated() },
      schema: {
        tags,
        summary: "Add a tag (tags used on records are added automatically, gray)",
        body: z.strictObject({ name, color: z.enum(TAG_COLORS).default("gray") }),
        response: { 201: tagSchema },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await db.transaction().execute((trx) => createTag(trx, requestContext(req), req.body))),
  );
  app.patch(
    "/api/v1/tags/:id",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags,
        summary: "Rename (rewrites every tagged record) or recolor a tag",
        params: idParams,
        body: z.strictObject({ name: name.optional(), color: z.enum(TAG_COLORS).optional() }),
        response: { 200: tagSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateTag(trx, requestContext(req), req.params.id, req.body)),
  );
  app.delete(
    "/api/v1/tags/:id",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags,
        summary: "Delete a tag and remove it from every record",
        params: idParams,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteTag(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );
}
