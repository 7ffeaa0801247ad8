import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { PASSWORD_RESET_JOB, passwordResetJob } from "../modules/auth/password-reset.js";
import { createApiToken } from "../modules/auth/service.js";
import { hashPassword } from "../modules/identity/module.js";
import type { Database } from "../platform/db/database.js";
import type { App } from "../platform/http/types.js";
import { createMailer } from "../platform/mail/mailer.js";
import { MAIL_JOB, type MailJobData, mailJob } from "../platform/mail/queue.js";
import type { TestContext } from "./harness.js";

/** Test helpers for authenticated requests. Tests get real users, sessions and API tokens. */

export type RoleKey =
  | "admin"
  | "head_of_sales"
  | "sales_manager"
  | "support_agent"
  | "marketer"
  | "accountant"
  | "read_only";

export const TEST_PASSWORD = "Tandem-test-Pa55word";

export interface CreateUserInput {
  email?: string;
  name?: string;
  roleKey?: RoleKey;
  teamId?: string | null;
  password?: string;
}

export async function createUser(db: Database, input: CreateUserInput = {}) {
  const role = await db
    .selectFrom("roles")
    .select("id")
    .where("key", "=", input.roleKey ?? "sales_manager")
    .executeTakeFirstOrThrow();
  const email = input.email ?? `user-${randomBytes(5).toString("hex")}@example.com`;
  return db
    .insertInto("users")
    .values({
      email,
      name: input.name ?? email.split("@")[0] ?? "Test user",
      role_id: role.id,
      team_id: input.teamId ?? null,
      password_hash: await hashPassword(input.password ?? TEST_PASSWORD),
      password_changed_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createTeam(db: Database, name: string) {
  return db.insertInto("teams").values({ name }).returningAll().executeTakeFirstOrThrow();
}

export interface SignedIn {
  /** `Cookie` header value with the session and CSRF cookies. */
  cookie: string;
  csrf: string;
  /** Headers for `app.inject({ headers })`, writes included (cookie + X-CSRF-Token). */
  headers: Record<string, string>;
}

/** Signs in through `POST /api/v1/auth/login` and returns headers that carry the session. */
export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`signIn(${email}) failed: ${res.statusCode} ${res.body}`);
  const status = (res.json() as { status: string }).status;
  if (status === "twoFactorRequired") throw new Error(`signIn(${email}): the user has 2FA enabled`);
  const cookies = new Map(res.cookies.map((c) => [c.name, c.value]));
  const session = cookies.get("tandem_session");
  const csrf = cookies.get("tandem_csrf");
  if (!session || !csrf) throw new Error(`signIn(${email}): no session or CSRF cookie in the response`);
  const cookie = `tandem_session=${session}; tandem_csrf=${csrf}`;
  return { cookie, csrf, headers: { cookie, "x-csrf-token": csrf } };
}

/** A bearer token for the user (fast path for tests that are not about sessions). */
export async function tokenHeaders(
  db: Database,
  userId: string,
  opts: { readOnly?: boolean } = {},
): Promise<{ authorization: string }> {
  const t = await createApiToken(db, userId, { name: "test", readOnly: opts.readOnly ?? false });
  return { authorization: `Bearer ${t.token}` };
}

export interface DeliveredMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Runs the real `mail.send` job handler on every queued mail job. Without SMTP_URL the mailer writes each message
 * to the log, which is captured here, so tests read exactly what an administrator would see.
 */
export async function deliverQueuedMail(t: TestContext): Promise<DeliveredMail[]> {
  // Password-reset requests are looked up in the background (no timing oracle); run them first.
  const resets = await t.jobs.boss.fetch<never>(PASSWORD_RESET_JOB, { batchSize: 50 });
  if (resets.length > 0) {
    await passwordResetJob(t.deps).handler(resets, { log: pino({ level: "silent" }) } as never);
    for (const j of resets) await t.jobs.boss.complete(PASSWORD_RESET_JOB, j.id);
  }
  const jobs = await t.jobs.boss.fetch<MailJobData>(MAIL_JOB, { batchSize: 50 });
  const lines: string[] = [];
  const log = pino(
    { level: "info" },
    new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
  await mailJob(createMailer(t.deps.config)).handler(jobs, { log });
  for (const j of jobs) await t.jobs.boss.complete(MAIL_JOB, j.id);
  return lines
    .map((l) => JSON.parse(l) as { mail?: DeliveredMail })
    .flatMap((l) => (l.mail ? [{ to: l.mail.to, subject: l.mail.subject, text: l.mail.text }] : []));
}

export function linkToken(text: string, page: string): string {
  const m = new RegExp(`/${page}\\?token=([\\w%-]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${page} link in: ${text}`);
  return decodeURIComponent(m[1]);
}
