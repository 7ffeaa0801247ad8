import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "../../platform/mail/mailer.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { deliverDue } from "./deliver.js";
import { loadDocumentLibraries } from "./documents.js";

type H = Record<string, string>;
interface Received {
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** Scheduled reports delivered through a real SMTP conversation with a local server (smtp-server). */
describe("report schedules", () => {
  const t = useTestContext();
  const inbox: Received[] = [];
  let smtp: SMTPServer;
  let port = 0;
  let head: H;
  let headId: string;
  let mate: { id: string };
  let reportId: string;
  const log = pino({ level: "silent" });
  const mailer = () =>
    createMailer({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "CRM <crm@example.com>" });
  const dueNow = (id: string) =>
    t.db
      .updateTable("report_schedules")
      .set({ next_run_at: new Date(Date.now() - 1000) })
      .where("id", "=", id)
      .execute();

  beforeAll(async () => {
    await loadDocumentLibraries();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, cb) {
        simpleParser(stream)
          .then((m) => {
            const to = Array.isArray(m.to) ? m.to[0] : m.to;
            inbox.push({
              to: to?.value[0]?.address ?? "",
              subject: m.subject ?? "",
              text: m.text ?? "",
              attachments: m.attachments.map((a) => ({
                filename: a.filename ?? "",
                contentType: a.contentType,
                content: a.content,
              })),
            });
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    port = (smtp.server.address() as AddressInfo).port;
    const team = await createTeam(t.db, "North");
    const h = await createUser(t.db, { roleKey: "head_of_sales", teamId: team.id, name: "Hugo" });
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", h.id).execute();
    headId = h.id;
    head = await tokenHeaders(t.db, h.id);
    mate = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id, name: "Mila" });
    const report = await t.app.inject({
      method: "POST",
      url: "/api/v1/reports",
      headers: head,
      payload: {
        name: "Won revenue",
        definition: {
          entity: "deals",
          groupBy: [{ field: "ownerId" }, { field: "createdAt", bucket: "month" }],
          measures: [{ fn: "count" }],
          chart: "bar",
        },
        visibility: "team",
      },
    });
    reportId = report.json().id;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it("validates the cadence, zone and recipients", async () => {
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/report-schedules",
      headers: head,
      payload: {
        reportId,
        frequency: "weekly",
        format: "pdf",
        recipients: [headId],
        timeZone: "Mars/Olympus",
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["dayOfWeek", "timeZone"]);
    const outsider = await createUser(t.db, { roleKey: "sales_manager" });
    const foreign = await t.app.inject({
      method: "POST",
      url: "/api/v1/report-schedules",
      headers: head,
      payload: { reportId, frequency: "daily", format: "pdf", recipients: [outsider.id] },
    });
    expect(foreign.statusCode).toBe(422);
  });

  it("emails the report weekly as a PDF in the recipient's language, rendered on the server", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/report-schedules",
      headers: head,
      payload: {
        reportId,
        frequency: "weekly",
        dayOfWeek: 1,
        hour: 8,
        timeZone: "Europe/Moscow",
        format: "pdf",
        recipients: [headId],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const next = new Date(created.json().nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    // Monday 08:00 in Moscow is 05:00 UTC.
    expect([next.getUTCDay(), next.getUTCHours()]).toEqual([1, 5]);
    await dueNow(created.json().id);
    expect(await deliverDue(t.deps, mailer(), log)).toBe(1);
    const mail = inbox.at(-1);
    expect(mail?.subject).toBe("Отчёт: Won revenue");
    expect(mail?.text).toContain(`/reports/${reportId}`);
    expect(mail?.attachments[0]?.contentType).toBe("application/pdf");
    expect(mail?.attachments[0]?.content.subarray(0, 5).toString()).toBe("%PDF-");
    // Claimed and moved to the next Monday: a second pass sends nothing.
    expect(await deliverDue(t.deps, mailer(), log)).toBe(0);
    const [row] = (
      await t.app.inject({ method: "GET", url: "/api/v1/report-schedules", headers: head })
    ).json().items;
    expect(row.lastRunAt).not.toBeNull();
    expect(new Date(row.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("pauses a schedule whose recipient was deactivated and tells the owner", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/report-schedules",
      headers: head,
      payload: { reportId, frequency: "daily", format: "xlsx", recipients: [headId, mate.id] },
    });
    expect(created.statusCode, created.body).toBe(201);
    await t.db.updateTable("users").set({ is_active: false }).where("id", "=", mate.id).execute();
    await dueNow(created.json().id);
    const before = inbox.length;
    await deliverDue(t.deps, mailer(), log);
    const fresh = inbox.slice(before);
    expect(fresh.map((m) => m.subject)).toEqual(["Рассылка отчёта приостановлена: Won revenue"]);
    expect(fresh[0]?.text).toContain("Mila");
    const items = (
      await t.app.inject({ method: "GET", url: "/api/v1/report-schedules", headers: head })
    ).json().items as { id: string; active: boolean; pausedReason: string | null }[];
    expect(items.find((s) => s.id === created.json().id)).toMatchObject({
      active: false,
      pausedReason: "recipient_deactivated",
    });
  });
});
