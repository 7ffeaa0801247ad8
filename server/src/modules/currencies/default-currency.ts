import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { saveAppSetting } from "../../platform/audit/app-setting.js";
import type { Config } from "../../platform/config/config.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { requestContext } from "../../platform/http/authorize.js";
import { currencyCode, problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";

/**
 * The workspace's default currency: new deals start with it. Until an admin sets it, it follows the language
 * the instance was created in (ADMIN_LANGUAGE), so a Russian workspace starts in roubles, not euros.
 */
const KEY = "workspace.default_currency";

const BY_LANGUAGE: Record<Config["ADMIN_LANGUAGE"], string> = {
  ru: "RUB",
  kk: "KZT",
  sr: "RSD",
  "sr-Latn": "RSD",
  en: "EUR",
};

export const defaultCurrencySchema = z.strictObject({
  currency: currencyCode.describe("ISO 4217 code new deals start with"),
});
type DefaultCurrency = z.infer<typeof defaultCurrencySchema>;

export async function getDefaultCurrency(db: Kysely<DB>, config: Config): Promise<DefaultCurrency> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  return defaultCurrencyOf(row?.value, config);
}

/** The default currency from the stored setting's value (`defaultCurrencySetting`; undefined/null when unset). */
export function defaultCurrencyOf(value: unknown, config: Config): DefaultCurrency {
  const parsed = defaultCurrencySchema.safeParse(value ?? undefined);
  return parsed.success ? parsed.data : { currency: BY_LANGUAGE[config.ADMIN_LANGUAGE] };
}

/** The stored setting's value (jsonb, NULL when unset) as a scalar subquery, for a statement that needs it too. */
export const defaultCurrencySetting = sql<unknown>`(select value from app_settings where key = ${KEY})`;

async function saveDefaultCurrency(
  db: Database,
  config: Config,
  ctx: RequestContext,
  input: DefaultCurrency,
) {
  return db.transaction().execute(async (trx) => {
    const before = await getDefaultCurrency(trx, config);
    return saveAppSetting(trx, ctx, {
      key: KEY,
      action: "settings.default-currency.updated",
      before,
      after: input,
    });
  });
}

export function defaultCurrencyRoutes(app: App, { db, config }: AppDeps): void {
  app.get(
    "/api/v1/settings/default-currency",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["settings"],
        summary: "The currency new deals start with",
        response: { 200: defaultCurrencySchema },
      },
    },
    async () => getDefaultCurrency(db, config),
  );
  app.put(
    "/api/v1/settings/default-currency",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Set the currency new deals start with",
        body: defaultCurrencySchema,
        response: { 200: defaultCurrencySchema, 422: problemSchema },
      },
    },
    async (request) => saveDefaultCurrency(db, config, requestContext(request), request.body),
  );
}
