import { sql, type Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { hasAdminPermission } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { AppDeps } from "../../platform/http/types.js";
import { type ServerSettings, testConnection } from "./connection.js";
import {
  existingTeams,
  grantsOf,
  type MailboxRow,
  presentMailbox,
  setGrants,
  visibleMailboxes,
} from "./mailboxes-repository.js";
import { type Endpoint, PRESETS, type PresetName } from "./presets.js";
import type { CreateMailboxInput, MailboxOut, UpdateMailboxInput } from "./schemas.js";
import { canManageMailbox } from "./visibility.js";

type Deps = Pick<AppDeps, "db" | "secrets" | "config">;

function endpoints(
  input: { preset?: string | undefined; imap?: Endpoint | undefined; smtp?: Endpoint | undefined },
  current?: MailboxRow,
) {
  const preset = input.preset && input.preset !== "custom" ? PRESETS[input.preset as PresetName] : null;
  const imap =
    input.imap ??
    preset?.imap ??
    (current ? { host: current.imap_host, port: current.imap_port, tls: current.imap_tls as never } : null);
  const smtp =
    input.smtp ??
    preset?.smtp ??
    (current ? { host: current.smtp_host, port: current.smtp_port, tls: current.smtp_tls as never } : null);
  const missing = [...(imap ? [] : ["imap"]), ...(smtp ? [] : ["smtp"])];
  if (!imap || !smtp) {
    throw new ValidationError(
      missing.map((f) => ({
        field: `body.${f}`,
        message: "Choose a preset or give host, port and TLS.",
        code: "required",
      })),
    );
  }
  return { imap, smtp };
}

const settings = (e: Endpoint, user: string, password: string): ServerSettings => ({ ...e, user, password });

async function present(
  db: Database | Transaction<DB>,
  ctx: RequestContext,
  rows: MailboxRow[],
): Promise<MailboxOut[]> {
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentMailbox(ctx.actor, r, grants.get(r.id) ?? []));
}

export async function listMailboxes(db: Database, ctx: RequestContext) {
  return { items: await present(db, ctx, await visibleMailboxes(db, ctx.actor)) };
}

export async function getMailbox(db: Database | Transaction<DB>, ctx: RequestContext, id: string) {
  const row = (await visibleMailboxes(db, ctx.actor, id))[0];
  if (!row) throw new NotFoundError("Mailbox");
  return (await present(db, ctx, [row]))[0] as MailboxOut;
}

async function manageable(
  db: Database | Transaction<DB>,
  ctx: RequestContext,
  id: string,
): Promise<MailboxRow> {
  const row = (await visibleMailboxes(db, ctx.actor, id))[0];
  if (!row) throw new NotFoundError("Mailbox");
  if (!canManageMailbox(ctx.actor, row)) {
    throw new ForbiddenError(
      "permission_denied",
      "Only its owner (personal) or an administrator (shared) may change a mailbox.",
    );
  }
  return row;
}

async function checkTeams(db: Database | Transaction<DB>, teamIds: string[]) {
  const found = await existingTeams(db, teamIds);
  const missing = teamIds.find((t) => !found.has(t));
  if (missing)
    throw new ValidationError([
      { field: "body.teamIds", message: `Team ${missing} not found.`, code: "not_found" },
    ]);
}

function uniqueViolation(err: unknown): never {
  if ((err as { code?: string }).code === "23505") {
    throw new ConflictError("mailbox_exists", "This mailbox is already connected.", [
      { field: "body.address", message: "Already connected.", code: "mailbox_exists" },
    ]);
  }
  throw err;
}

/** Tests IMAP + SMTP, then stores the mailbox with its password sealed; sync starts within seconds. */
export async function createMailbox(
  deps: Deps,
  ctx: RequestContext,
  input: CreateMailboxInput,
): Promise<MailboxOut> {
  const kind = input.kind ?? "personal";
  if (kind === "shared" && !hasAdminPermission(ctx.actor, "settings.manage")) {
    throw new ForbiddenError("permission_denied", "Only administrators connect shared mailboxes.");
  }
  if (kind === "personal" && input.teamIds?.length) {
    throw new ValidationError([
      { field: "body.teamIds", message: "Only shared mailboxes are granted to teams.", code: "invalid" },
    ]);
  }
  const { imap, smtp } = endpoints(input);
  const user = input.username ?? input.address;
  await checkTeams(deps.db, input.teamIds ?? []);
  await testConnection(
    settings(imap, user, input.password),
    settings(smtp, user, input.password),
    deps.config.outboundAllowHosts,
  );
  const sealed = deps.secrets.seal(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("mailboxes")
      .values({
        kind,
        owner_id: kind === "personal" ? ctx.actor.userId : null,
        name: input.name,
        address: input.address.toLowerCase(),
        preset: input.preset ?? "custom",
        imap_host: imap.host,
        imap_port: imap.port,
        imap_tls: imap.tls,
        smtp_host: smtp.host,
        smtp_port: smtp.port,
        smtp_tls: smtp.tls,
        username: user,
        password_sealed: sealed,
        signature_html: input.signatureHtml ?? null,
        backfill_days: input.backfillDays ?? 90,
        auto_create_contacts: input.autoCreateContacts ?? false,
        auto_create_deals: input.autoCreateDeals ?? false,
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch(uniqueViolation);
    const teamIds = kind === "shared" ? [...new Set(input.teamIds ?? [])] : [];
    await setGrants(trx, row.id, teamIds);
    await recordChange(trx, { actorId: ctx.actor.userId, requestId: ctx.requestId }, {
      entity: "mailboxes",
      entityId: row.id,
      action: "create",
      changes: { name: row.name, address: row.address, kind: kind, ownerId: row.owner_id, teamIds },
    } as never);
    return presentMailbox(ctx.actor, row, teamIds);
  });
}

/** Connection changes are tested first; they (and resuming) restart the sync at once (the lease is dropped). */
export async function updateMailbox(deps: Deps, ctx: RequestContext, id: string, input: UpdateMailboxInput) {
  const current = await manageable(deps.db, ctx, id);
  if (input.teamIds && current.kind !== "shared") {
    throw new ValidationError([
      { field: "body.teamIds", message: "Only shared mailboxes are granted to teams.", code: "invalid" },
    ]);
  }
  const connectionChanged = Boolean(
    input.preset || input.imap || input.smtp || input.username || input.password,
  );
  const { imap, smtp } = endpoints(input, current);
  const user = input.username ?? current.username;
  const password = input.password ?? deps.secrets.open(current.password_sealed);
  if (connectionChanged) {
    await testConnection(
      settings(imap, user, password),
      settings(smtp, user, password),
      deps.config.outboundAllowHosts,
    );
  }
  if (input.teamIds) await checkTeams(deps.db, input.teamIds);
  const restart = connectionChanged || input.enabled !== undefined || input.backfillDays !== undefined;
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("mailboxes")
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.address !== undefined ? { address: input.address.toLowerCase() } : {}),
        ...(input.preset !== undefined ? { preset: input.preset } : {}),
        imap_host: imap.host,
        imap_port: imap.port,
        imap_tls: imap.tls,
        smtp_host: smtp.host,
        smtp_port: smtp.port,
        smtp_tls: smtp.tls,
        username: user,
        ...(input.password !== undefined ? { password_sealed: deps.secrets.seal(input.password) } : {}),
        ...(input.signatureHtml !== undefined ? { signature_html: input.signatureHtml } : {}),
        ...(input.backfillDays !== undefined ? { backfill_days: input.backfillDays } : {}),
        ...(input.autoCreateContacts !== undefined ? { auto_create_contacts: input.autoCreateContacts } : {}),
        ...(input.autoCreateDeals !== undefined ? { auto_create_deals: input.autoCreateDeals } : {}),
        ...(input.enabled === false ? { state: "paused" } : {}),
        ...(input.enabled === true || (connectionChanged && current.state !== "paused")
          ? { state: "pending", failures: 0, next_attempt_at: null, last_error: null, last_error_code: null }
          : {}),
        ...(restart ? { lease_owner: null, lease_expires_at: null } : {}),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch(uniqueViolation);
    if (input.teamIds) await setGrants(trx, id, input.teamIds);
    const teamIds = (await grantsOf(trx, [id])).get(id) ?? [];
    await recordChange(trx, { actorId: ctx.actor.userId, requestId: ctx.requestId }, {
      entity: "mailboxes",
      entityId: id,
      action: "update",
      changes: { name: row.name, address: row.address, kind: row.kind, ownerId: row.owner_id, teamIds },
    } as never);
    return presentMailbox(ctx.actor, row, teamIds);
  });
}

/** Disconnects (soft delete): the sync worker stops at its next lease renewal; synced mail stays. */
export async function deleteMailbox(db: Database, ctx: RequestContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await manageable(trx, ctx, id);
    await trx
      .updateTable("mailboxes")
      .set({ deleted_at: sql`now()`, lease_owner: null, lease_expires_at: null })
      .where("id", "=", id)
      .execute();
    await recordChange(trx, { actorId: ctx.actor.userId, requestId: ctx.requestId }, {
      entity: "mailboxes",
      entityId: id,
      action: "delete",
      changes: { name: row.name, address: row.address, kind: row.kind, ownerId: row.owner_id },
    } as never);
  });
}

/** Retry now: clears the back-off of a failing (or paused) mailbox. */
export async function resyncMailbox(db: Database, ctx: RequestContext, id: string) {
  await manageable(db, ctx, id);
  await db
    .updateTable("mailboxes")
    .set({ state: "pending", failures: 0, next_attempt_at: null, lease_owner: null, lease_expires_at: null })
    .where("id", "=", id)
    .execute();
  return getMailbox(db, ctx, id);
}

/** Tests settings without saving; with `mailboxId` (and no password) the stored password is used. */
export async function testMailboxSettings(
  deps: Deps,
  ctx: RequestContext,
  input: {
    address: string;
    preset?: string | undefined;
    imap?: Endpoint | undefined;
    smtp?: Endpoint | undefined;
    username?: string | undefined;
    password?: string | undefined;
    mailboxId?: string | undefined;
  },
): Promise<{ ok: true }> {
  let password = input.password;
  let current: MailboxRow | undefined;
  if (input.mailboxId) current = await manageable(deps.db, ctx, input.mailboxId);
  if (password === undefined) {
    if (!current)
      throw new ValidationError([{ field: "body.password", message: "Required.", code: "required" }]);
    password = deps.secrets.open(current.password_sealed);
  }
  const { imap, smtp } = endpoints(input, current);
  const user = input.username ?? current?.username ?? input.address;
  await testConnection(
    settings(imap, user, password),
    settings(smtp, user, password),
    deps.config.outboundAllowHosts,
  );
  return { ok: true };
}
