import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Actor } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { createMailer, type Mailer } from "../../platform/mail/mailer.js";
import { actorForUser } from "../../platform/records/actor.js";
import type { ReportDefinition } from "./definition.js";
import { reportPdf, reportXlsx, type Section } from "./documents.js";
import { listDashboardRows, reportsByIdUnshared } from "./repository.js";
import { runReport, workspaceCurrency } from "./run.js";
import { nextRunSql, takeDue, usersByIds } from "./schedules-repository.js";
import type { Widget } from "./schemas.js";
import { localize, reportTexts } from "./texts.js";

export const SCHEDULE_JOB = "reports.schedules";

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** Text with the user's strings put in after transliteration (a report name stays as it was typed). */
function fill(t: { latin: boolean }, render: (name: string, x: string) => string, name: string, x: string) {
  const mark = ["\u0000n\u0000", "\u0000x\u0000"] as const;
  return localize(t, render(mark[0], mark[1])).replaceAll(mark[0], name).replaceAll(mark[1], x);
}

/** What a schedule sends: the report, or the dashboard's report widgets the recipient may see. */
async function sections(
  db: Kysely<DB>,
  actor: Actor,
  s: { report_id: string | null; dashboard_id: string | null },
  currency: string,
) {
  const widgets: { name: string; reportId: string }[] = [];
  let title = "";
  if (s.report_id) {
    widgets.push({ name: "", reportId: s.report_id });
  } else if (s.dashboard_id) {
    const [dash] = await listDashboardRows(db, actor, s.dashboard_id);
    if (!dash) return { title, list: [] as Section[] };
    title = dash.name;
    for (const w of (dash.widgets ?? []) as Widget[])
      if (w.reportId) widgets.push({ name: w.title ?? "", reportId: w.reportId });
  }
  const reports = await reportsByIdUnshared(
    db,
    widgets.map((w) => w.reportId),
  );
  const list: Section[] = [];
  for (const w of widgets) {
    const r = reports.get(w.reportId);
    if (!r) continue;
    const definition = r.definition as ReportDefinition;
    try {
      list.push({
        name: w.name || r.name,
        definition,
        result: await runReport(db, actor, definition, currency),
      });
    } catch (err) {
      // A report on fields or records the recipient may not read is left out of their copy.
      if (!(err instanceof AppError && (err.status === 422 || err.status === 403))) throw err;
    }
    if (!title) title = r.name;
  }
  return { title, list };
}

type Schedule = Awaited<ReturnType<typeof takeDue>>[number];

async function pause(db: Kysely<DB>, deps: AppDeps, mailer: Mailer, s: Schedule, who: string, log: Logger) {
  await db
    .updateTable("report_schedules")
    .set({ active: false, paused_reason: "recipient_deactivated", last_error: `${who} is deactivated` })
    .where("id", "=", s.id)
    .execute();
  const [owner] = await usersByIds(db, [s.owner_id]);
  if (!owner?.is_active) return;
  const t = reportTexts(owner.language);
  const currency = await workspaceCurrency(db, deps.config);
  const ownerActor = (await actorForUser(deps.db, owner.id)) as Actor;
  const name = (await sections(db, ownerActor, s, currency)).title || "—";
  const m = t.paused("\u0000n\u0000", "\u0000x\u0000");
  const subject = localize(t, m.subject).replaceAll("\u0000n\u0000", name);
  const text = localize(t, m.text).replaceAll("\u0000n\u0000", name).replaceAll("\u0000x\u0000", who);
  await mailer.send({ to: owner.email, subject, text, html: `<p>${escapeHtml(text)}</p>` }, log);
}

/** Sends one schedule to each recipient, computed with that recipient's permissions, in their language. */
export async function deliver(deps: AppDeps, mailer: Mailer, s: Schedule, log: Logger): Promise<void> {
  const db = deps.db;
  const users = await usersByIds(db, s.recipients);
  const inactive = users.find((u) => !u.is_active);
  const owner = await actorForUser(db, s.owner_id);
  if (!owner || inactive || users.length < s.recipients.length) {
    await pause(db, deps, mailer, s, inactive?.name ?? "—", log);
    return;
  }
  const base = (deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`).replace(/\/+$/, "");
  const link = s.report_id ? `${base}/reports/${s.report_id}` : `${base}/dashboards/${s.dashboard_id}`;
  let error: string | null = null;
  for (const u of users) {
    const actor = await actorForUser(db, u.id);
    if (!actor) continue;
    const { title, list } = await sections(db, actor, s, await workspaceCurrency(db, deps.config));
    if (list.length === 0) continue;
    const t = reportTexts(u.language);
    const generatedAt = new Date().toISOString().slice(0, 16).replace("T", " ");
    const file =
      s.format === "pdf"
        ? {
            content: await reportPdf(list, u.language, generatedAt),
            contentType: "application/pdf",
            ext: "pdf",
          }
        : {
            content: await reportXlsx(list, u.language),
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ext: "xlsx",
          };
    const subject = fill(t, (n) => t.subject(n), title, "");
    const text = fill(t, (n, l) => t.body(n, l), title, link);
    const html = text
      .split("\n\n")
      .map(
        (p) => `<p>${escapeHtml(p).replace(/https?:\/\/\S+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`,
      )
      .join("\n");
    const filename = `${
      title
        .replace(/[^\p{L}\p{N} _-]+/gu, "")
        .trim()
        .slice(0, 60) || "report"
    }.${file.ext}`;
    try {
      await mailer.send(
        {
          to: u.email,
          subject,
          text,
          html,
          attachments: [{ filename, content: file.content, contentType: file.contentType }],
        },
        log,
      );
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
      log.warn({ err, schedule: s.id }, "scheduled report not sent");
    }
  }
  await db
    .updateTable("report_schedules")
    .set({
      last_run_at: sql<Date>`now()`,
      last_error: error,
    })
    .where("id", "=", s.id)
    .execute();
}

/**
 * Every 5 minutes: claims the schedules whose time has come (locked, SKIP LOCKED, so two workers never take the
 * same one; claiming moves `next_run_at` to the next slot) and sends them after the claim commits.
 */
export async function deliverDue(deps: AppDeps, mailer: Mailer, log: Logger): Promise<number> {
  let n = 0;
  for (;;) {
    const due = await deps.db.transaction().execute(async (trx) => {
      const rows = await takeDue(trx, 5);
      for (const s of rows) {
        const cadence = {
          frequency: s.frequency as "daily" | "weekly" | "monthly",
          hour: s.hour,
          dayOfWeek: s.day_of_week,
          dayOfMonth: s.day_of_month,
          timeZone: s.time_zone,
        };
        await trx
          .updateTable("report_schedules")
          .set({ next_run_at: nextRunSql(cadence) })
          .where("id", "=", s.id)
          .execute();
      }
      return rows;
    });
    for (const s of due) await deliver(deps, mailer, s, log);
    n += due.length;
    if (due.length < 5) return n;
  }
}

export function scheduleJob(deps: AppDeps): JobDefinition {
  const mailer = createMailer(deps.config);
  return {
    name: SCHEDULE_JOB,
    schedule: { cron: "*/5 * * * *" },
    retryLimit: 1,
    async handler(_jobs, { log }) {
      await deliverDue(deps, mailer, log);
    },
  };
}
