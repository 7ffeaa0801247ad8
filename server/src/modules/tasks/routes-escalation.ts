import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { escalationSettingsSchema, getEscalationSettings, saveEscalationSettings } from "./escalation.js";

/** `tasks.overdue-scan` reads this setting on every run. */
export function escalationSettingsRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    "/api/v1/settings/escalation",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "When an overdue task is escalated to the assignee's head",
        response: { 200: escalationSettingsSchema },
      },
    },
    async () => getEscalationSettings(db),
  );

  app.put(
    "/api/v1/settings/escalation",
    {
      config: { access: access.admin("settings.manage") },
      schema: {
        tags: ["settings"],
        summary: "Change when an overdue task is escalated to the assignee's head",
        body: escalationSettingsSchema,
        response: { 200: escalationSettingsSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => saveEscalationSettings(trx, ctx, request.body));
    },
  );
}
