import type { Kysely } from "kysely";
import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { saveAppSetting } from "../../platform/audit/app-setting.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";

/**
 * The workspace's list of lost reasons the lose dialog offers (plus "other" with free text). The deal keeps the
 * reason as text, so renaming or removing a list entry never rewrites closed deals.
 */
const KEY = "deals.lost_reasons";

export const lostReasonsSchema = z.strictObject({
  reasons: z
    .array(z.string().trim().min(1).max(200))
    .max(50)
    .refine((list) => new Set(list.map((r) => r.toLowerCase())).size === list.length, {
      message: "Each reason once.",
    })
    .describe("In the order offered; empty: the dialog asks for free text only."),
});
type LostReasons = z.infer<typeof lostReasonsSchema>;

export async function getLostReasons(db: Kysely<DB>): Promise<LostReasons> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const parsed = lostReasonsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : { reasons: [] };
}

function saveLostReasons(db: Database, ctx: RequestContext, input: LostReasons) {
  return db.transaction().execute(async (trx) =>
    saveAppSetting(trx, ctx, {
      key: KEY,
      action: "settings.lost-reasons.updated",
      before: await getLostReasons(trx),
      after: input,
    }),
  );
}

export function lostReasonsRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/settings/lost-reasons",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["settings"],
        summary: "The lost reasons offered when a deal is lost",
        response: { 200: lostReasonsSchema },
      },
    },
    async () => getLostReasons(db),
  );
  app.put(
    "/api/v1/settings/lost-reasons",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Set the lost reasons offered when a deal is lost",
        body: lostReasonsSchema,
        response: { 200: lostReasonsSchema, 422: problemSchema },
      },
    },
    async (request) => saveLostReasons(db, requestContext(request), request.body),
  );
}
