import { sql } from "kysely";
import { z } from "zod";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { currencyCode, decimalString, idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { deleteTarget, listTargets, type TargetRow, upsertTarget } from "./targets-repository.js";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM");

const target = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  teamId: z.string().nullable(),
  month,
  amount: z.object({ amount: z.string(), currency: z.string() }),
});

const present = (t: TargetRow) => ({
  id: t.id,
  userId: t.user_id,
  teamId: t.team_id,
  month: t.month,
  amount: { amount: t.amount, currency: t.currency },
});

/** Bumps the analytics data version in the write's transaction: cached plan-vs-fact answers go stale with it. */
const bumpVersion = sql`update analytics_state set data_version = data_version + 1, updated_at = now()`;

export function targetRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/analytics/targets",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["analytics"],
        summary: "Sales targets (plan) of a range of months the viewer may see",
        querystring: z.strictObject({ from: month, to: month }),
        response: { 200: z.object({ items: z.array(target) }) },
      },
    },
    async (request) => {
      const { actor } = requestContext(request);
      return { items: (await listTargets(db, actor, request.query.from, request.query.to)).map(present) };
    },
  );

  app.post(
    "/api/v1/analytics/targets",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["analytics"],
        summary: "Set the target of a person or a team for a month and currency (replaces the previous one)",
        body: z.strictObject({
          userId: z.uuid().optional(),
          teamId: z.uuid().optional(),
          month,
          amount: z.strictObject({ amount: decimalString(), currency: currencyCode }),
        }),
        response: { 200: target },
      },
    },
    async (request) => {
      const b = request.body;
      if (!b.userId === !b.teamId) {
        throw ValidationError.field("userId", "Set either a person or a team.", "analytics_target_owner");
      }
      return db.transaction().execute(async (trx) => {
        const owner = b.userId
          ? await trx.selectFrom("users").select("id").where("id", "=", b.userId).executeTakeFirst()
          : await trx
              .selectFrom("teams")
              .select("id")
              .where("id", "=", b.teamId ?? "")
              .executeTakeFirst();
        if (!owner) throw ValidationError.field(b.userId ? "userId" : "teamId", "Not found.", "not_found");
        const row = await upsertTarget(trx, {
          userId: b.userId ?? null,
          teamId: b.teamId ?? null,
          month: b.month,
          currency: b.amount.currency,
          amount: b.amount.amount,
        });
        await bumpVersion.execute(trx);
        return present(row);
      });
    },
  );

  app.delete(
    "/api/v1/analytics/targets/:id",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["analytics"],
        summary: "Remove a target",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await db.transaction().execute(async (trx) => {
        if (!(await deleteTarget(trx, request.params.id))) throw new NotFoundError("Target");
        await bumpVersion.execute(trx);
      });
      return reply.code(204).send(null);
    },
  );
}
