import { z } from "zod";
import { requireAnyScope } from "../../platform/access/scope.js";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityEnum } from "../../platform/records/catalog.js";
import { checkDuplicates, duplicateCheckBody, duplicateCheckResponse } from "./duplicate-check.js";
import { findDuplicateGroups, MAX_IDS } from "./duplicates.js";
import { mergeRecords, undoMerge } from "./service.js";

/** `entity`: the entities declaring the merge capability (an enum built when the routes register). */
const mergeBody = (entity: z.ZodType<string>) =>
  z.strictObject({
    entity,
    survivorId: z.uuid(),
    mergedIds: z.array(z.uuid()).min(1).max(20),
    fieldChoices: z.record(z.string().max(100), z.uuid()).default({}),
  });
const mergeResult = z.object({
  id: z.uuid(),
  survivorId: z.uuid(),
  mergedIds: z.array(z.uuid()),
  movedLinks: z.number().int(),
});
const groups = z.object({
  items: z.array(
    z.object({
      reason: z.enum(["email", "phone", "taxId", "name"]),
      value: z.string(),
      ids: z.array(z.uuid()).describe(`The group's records, oldest first (at most ${MAX_IDS})`),
      size: z.number().int().describe("How many records the group has"),
    }),
  ),
  nextCursor: z
    .string()
    .nullable()
    .describe(
      "Pass as `cursor` for the next page; null when this page holds the last groups (a page with a cursor is full)",
    ),
});
const groupsQuery = (entity: z.ZodType<string>) =>
  z.strictObject({
    entity,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  });

export function routes(app: App, deps: AppDeps): void {
  const { db, entities } = deps;
  const entity = entityEnum(deps.entities, "merge");
  app.post(
    "/api/v1/merge",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["merge"],
        summary: "Merge records into a survivor (links move, others are soft-deleted; undo within 30 days)",
        body: mergeBody(entity),
        response: { 200: mergeResult },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      requireAnyScope(ctx.actor, request.body.entity, "update");
      return mergeRecords(db, ctx, request.body);
    },
  );

  app.post(
    "/api/v1/merge/:mergeId/undo",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["merge"],
        summary: "Undo a merge (409 merge_undo_expired after 30 days)",
        params: z.strictObject({ mergeId: z.uuid() }),
        response: { 200: mergeResult },
      },
    },
    async (request) => undoMerge(db, requestContext(request), request.params.mergeId),
  );

  app.get(
    "/api/v1/duplicates",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["merge"],
        summary:
          "Likely duplicate groups among the readable records (same tax ID, email, phone, or name in one city), " +
          "keyset-paged: `limit` groups and a `nextCursor`, or the last groups (none: nothing found) and no cursor",
        querystring: groupsQuery(entity),
        response: { 200: groups },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      requireAnyScope(ctx.actor, request.query.entity, "read");
      const { entity, limit, cursor } = request.query;
      return findDuplicateGroups(db, ctx.actor, entity, { limit, cursor });
    },
  );

  app.post(
    "/api/v1/duplicates/check",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["merge"],
        summary:
          "Records that look like a record being created (same phone/email/tax ID, similar name in the city); writes nothing",
        description:
          "`entity`: the entities declaring the duplicateCheck capability, each with its own `candidate`.",
        body: duplicateCheckBody(entities),
        response: { 200: duplicateCheckResponse },
      },
    },
    async (request) => checkDuplicates(db, entities, requestContext(request), request.body),
  );
}
