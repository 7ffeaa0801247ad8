import type { Kysely, Transaction } from "kysely";
import type { DB } from "../db/schema.js";
import type { JobDefinition, JobQueue } from "../jobs/queue.js";
import type { Mailer } from "./mailer.js";
import { renderTemplate, type TemplateName, type TemplateVars } from "./templates.js";

export const MAIL_JOB = "mail.send";

export type MailJobData =
  | { to: string; template: TemplateName; language: string; vars: TemplateVars }
  /** A message rendered by its sender (message templates' test send); the HTML is already sanitized. */
  | { to: string; rendered: { subject: string; text: string; html: string } };

/**
 * Queues an email in the caller's transaction: it is sent only if the transaction commits, by a worker, with
 * retries. The job holds the template variables (links included) until pg-boss archives it.
 */
export async function enqueueMail(
  jobs: JobQueue,
  trx: Transaction<DB> | Kysely<DB>,
  data: MailJobData,
): Promise<void> {
  await jobs.sendWith(trx, MAIL_JOB, data);
}

export function mailJob(mailer: Mailer): JobDefinition<MailJobData> {
  return {
    name: MAIL_JOB,
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    async handler(jobs, { log }) {
      for (const job of jobs) {
        const d = job.data;
        const message = "rendered" in d ? d.rendered : renderTemplate(d.template, d.language, d.vars);
        await mailer.send({ to: d.to, ...message }, log);
      }
    },
  };
}
