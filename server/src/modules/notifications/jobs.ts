import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { createMailer } from "../../platform/mail/mailer.js";
import { renderMessage } from "./messages.js";
import { NOTIFICATION_EMAIL_JOB } from "./service.js";

/** Email copy of a notification, rendered in the recipient's language when the job runs. */
export function notificationEmailJob(deps: AppDeps): JobDefinition<{ notificationId: string }> {
  const mailer = createMailer(deps.config);
  return {
    name: NOTIFICATION_EMAIL_JOB,
    retryLimit: 8,
    retryDelay: 30,
    async handler(jobs, { log }) {
      for (const job of jobs) {
        const n = await deps.db
          .selectFrom("notifications as n")
          .innerJoin("users as u", "u.id", "n.user_id")
          .select(["n.id", "n.title_key", "n.params", "n.emailed_at", "u.email", "u.language", "u.time_zone"])
          .where("n.id", "=", job.data.notificationId)
          .executeTakeFirst();
        if (!n || n.emailed_at) continue;
        const title = renderMessage(n.title_key, n.params, n.language, n.time_zone);
        const link = deps.config.PUBLIC_URL ? `\n\n${new URL("/notifications", deps.config.PUBLIC_URL)}` : "";
        const text = `${title}${link}`;
        await mailer.send({ to: n.email, subject: title, text, html: `<p>${escapeHtml(title)}</p>` }, log);
        await deps.db
          .updateTable("notifications")
          .set({ emailed_at: new Date() })
          .where("id", "=", n.id)
          .execute();
      }
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
