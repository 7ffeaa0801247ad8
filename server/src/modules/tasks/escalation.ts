import type { Transaction } from "kysely";
import { z } from "zod";
import type { RequestContext } from "../../platform/access/actor.js";
import { saveAppSetting } from "../../platform/audit/app-setting.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";

type Db = Database | Transaction<DB>;

export const ESCALATION_KEY = "escalation";

export const escalationSettingsSchema = z.strictObject({
  overdueDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .describe("A task overdue by more than this many days also notifies the assignee's head."),
});
export type EscalationSettings = z.infer<typeof escalationSettingsSchema>;

export const DEFAULT_ESCALATION: EscalationSettings = { overdueDays: 2 };

/** The stored setting merged over the defaults; anything stored that no longer validates falls back to them. */
export async function getEscalationSettings(db: Db): Promise<EscalationSettings> {
  const row = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", ESCALATION_KEY)
    .executeTakeFirst();
  const stored = row?.value;
  const parsed = escalationSettingsSchema.safeParse({
    ...DEFAULT_ESCALATION,
    ...(typeof stored === "object" && stored ? stored : {}),
  });
  return parsed.success ? parsed.data : DEFAULT_ESCALATION;
}

/** Saves the setting and audits the change (before → after) in the caller's transaction. */
export async function saveEscalationSettings(
  trx: Transaction<DB>,
  ctx: RequestContext,
  input: EscalationSettings,
): Promise<EscalationSettings> {
  const before = await getEscalationSettings(trx);
  return saveAppSetting(trx, ctx, {
    key: ESCALATION_KEY,
    action: "settings.escalation.updated",
    before,
    after: input,
  });
}
