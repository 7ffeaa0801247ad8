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
 * The workspace's country: where its people and customers mostly are. Imports start with it as the default
 * country of phone numbers written without a country code (the importer may change it per import).
 */
const KEY = "workspace.country";

export const workspaceCountrySchema = z.strictObject({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "Use an ISO 3166-1 alpha-2 code such as US, RU, RS, KZ.")
    .nullable()
    .describe("ISO 3166-1 alpha-2, or null when not set"),
});
type WorkspaceCountry = z.infer<typeof workspaceCountrySchema>;

export async function getWorkspaceCountry(db: Kysely<DB>): Promise<WorkspaceCountry> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const parsed = workspaceCountrySchema.safeParse(row?.value);
  return parsed.success ? parsed.data : { country: null };
}

async function saveWorkspaceCountry(db: Database, ctx: RequestContext, input: WorkspaceCountry) {
  return db.transaction().execute(async (trx) => {
    const before = await getWorkspaceCountry(trx);
    return saveAppSetting(trx, ctx, {
      key: KEY,
      action: "settings.workspace-country.updated",
      before,
      after: input,
    });
  });
}

export function workspaceCountryRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    "/api/v1/settings/workspace-country",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["settings"],
        summary: "The workspace's country (default country of imported phone numbers)",
        response: { 200: workspaceCountrySchema },
      },
    },
    async () => getWorkspaceCountry(db),
  );
  app.put(
    "/api/v1/settings/workspace-country",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Set the workspace's country",
        body: workspaceCountrySchema,
        response: { 200: workspaceCountrySchema, 422: problemSchema },
      },
    },
    async (request) => saveWorkspaceCountry(db, requestContext(request), request.body),
  );
}
