import { createHash, randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { Config } from "../../platform/config/config.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, NotFoundError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { resolvePublicAddress, safeFetch } from "../../platform/net/ssrf.js";
import type { SecretBox } from "../../platform/secrets/secret-box.js";
import { ADAPTERS } from "./providers/index.js";
import type { Http, ProviderConfig, ProviderKind, ProviderSecrets, SendResult } from "./providers/types.js";
import { clearDefault, type Db, findProvider, listProviders, type ProviderRow } from "./repository.js";
import type { CreateProviderInput, UpdateProviderInput } from "./schemas.js";

type Trx = Transaction<DB>;
export interface SmsDeps {
  config: Config;
  secrets: SecretBox;
}

const changeCtx = (ctx: RequestContext) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId });
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export function publicBase(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}

export function callbackUrl(deps: SmsDeps, row: ProviderRow): string {
  const token = deps.secrets.open(row.callback_token_sealed);
  return `${publicBase(deps.config)}/api/v1/sms/callbacks/${row.id}/${token}`;
}

export function openSecrets(deps: SmsDeps, row: ProviderRow): ProviderSecrets {
  return JSON.parse(deps.secrets.open(row.credentials_sealed)) as ProviderSecrets;
}

/** Outbound HTTP of the adapters: always `safeFetch` with the admin allow-list. */
export function providerHttp(config: Config): Http {
  return (url, init) => safeFetch(url, { timeoutMs: 15_000, ...init, allow: config.outboundAllowHosts });
}

export function presentProvider(deps: SmsDeps, row: ProviderRow) {
  const secrets = openSecrets(deps, row);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ProviderKind,
    config: row.config as Record<string, unknown>,
    credentialsSet: Object.keys(secrets).filter((k) => secrets[k as keyof ProviderSecrets]),
    isDefault: row.is_default,
    isActive: row.is_active,
    callbackUrl: callbackUrl(deps, row),
    createdAt: row.created_at.toISOString(),
  };
}

/** The provider's URLs must be http(s) to a public address (or the admin allow-list): checked on save too. */
async function checkConfig(deps: SmsDeps, kind: ProviderKind, cfg: ProviderConfig, secrets: ProviderSecrets) {
  if (kind === "generic" && !cfg.generic) {
    throw new AppError(422, "validation_failed", "Describe the HTTP request.", [
      { field: "config.generic", message: "Required for the generic provider.", code: "required" },
    ]);
  }
  if (kind === "twilio" && !cfg.accountSid) {
    throw new AppError(422, "validation_failed", "Give the Account SID.", [
      { field: "config.accountSid", message: "Required for Twilio.", code: "required" },
    ]);
  }
  const missing = ADAPTERS[kind].secretKeys.filter((k) => !secrets[k]);
  if (missing.length > 0) {
    throw new AppError(
      422,
      "validation_failed",
      "Credentials are missing.",
      missing.map((k) => ({ field: `credentials.${k}`, message: "Required.", code: "required" })),
    );
  }
  for (const u of [cfg.baseUrl, cfg.generic?.url]) {
    if (!u) continue;
    const host = new URL(u.replace(/\{\{[^}]*\}\}/g, "x")).hostname.replace(/^\[|\]$/g, "");
    await resolvePublicAddress(host, deps.config.outboundAllowHosts);
  }
}

export async function listSmsProviders(db: Db, deps: SmsDeps) {
  return (await listProviders(db)).map((r) => presentProvider(deps, r));
}

export async function getSmsProvider(db: Db, deps: SmsDeps, id: string) {
  const r = await findProvider(db, id);
  if (!r) throw new NotFoundError("SMS provider");
  return presentProvider(deps, r);
}

export async function createSmsProvider(
  trx: Trx,
  deps: SmsDeps,
  ctx: RequestContext,
  input: CreateProviderInput,
) {
  const secrets = input.credentials as ProviderSecrets;
  await checkConfig(deps, input.kind, input.config as ProviderConfig, secrets);
  const token = randomBytes(24).toString("base64url");
  const row = await trx
    .insertInto("sms_providers")
    .values({
      name: input.name,
      kind: input.kind,
      config: JSON.stringify(input.config),
      credentials_sealed: deps.secrets.seal(JSON.stringify(secrets)),
      callback_token_sealed: deps.secrets.seal(token),
      callback_token_hash: tokenHash(token),
      is_default: false,
      is_active: input.isActive,
      created_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  let out = row;
  if (input.isDefault) {
    await clearDefault(trx, row.id);
    out = await trx
      .updateTable("sms_providers")
      .set({ is_default: true })
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  await recordChange(trx, changeCtx(ctx), [
    {
      entity: "sms-providers",
      entityId: row.id,
      action: "create",
      changes: {
        name: { before: null, after: row.name },
        kind: { before: null, after: row.kind },
        isDefault: { before: null, after: out.is_default },
        credentials: { before: null, after: "changed" },
      },
    },
  ]);
  return presentProvider(deps, out);
}

export async function updateSmsProvider(
  trx: Trx,
  deps: SmsDeps,
  ctx: RequestContext,
  id: string,
  input: UpdateProviderInput,
) {
  const r = await findProvider(trx, id, true);
  if (!r) throw new NotFoundError("SMS provider");
  const kind = r.kind as ProviderKind;
  const cfg = (input.config ?? r.config) as ProviderConfig;
  // Credentials not sent stay as they are; a sent key replaces the stored one.
  const secrets = { ...openSecrets(deps, r), ...(input.credentials ?? {}) } as ProviderSecrets;
  await checkConfig(deps, kind, cfg, secrets);
  if (input.isDefault) await clearDefault(trx, id);
  const next = await patchRow(trx, "sms_providers", id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.config !== undefined ? { config: JSON.stringify(input.config) } : {}),
    ...(input.credentials !== undefined
      ? { credentials_sealed: deps.secrets.seal(JSON.stringify(secrets)) }
      : {}),
    ...(input.isDefault !== undefined ? { is_default: input.isDefault } : {}),
    ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
  });
  const changes: Record<string, unknown> = {};
  if (next.name !== r.name) changes.name = { before: r.name, after: next.name };
  if (next.is_default !== r.is_default) changes.isDefault = { before: r.is_default, after: next.is_default };
  if (next.is_active !== r.is_active) changes.isActive = { before: r.is_active, after: next.is_active };
  if (input.config) changes.config = { before: r.config, after: next.config };
  if (input.credentials) changes.credentials = { before: "changed", after: "changed" };
  if (Object.keys(changes).length > 0) {
    await recordChange(trx, changeCtx(ctx), [
      { entity: "sms-providers", entityId: id, action: "update", changes: changes as never },
    ]);
  }
  return presentProvider(deps, next);
}

export async function deleteSmsProvider(trx: Trx, ctx: RequestContext, id: string) {
  const r = await findProvider(trx, id, true);
  if (!r) throw new NotFoundError("SMS provider");
  await trx
    .updateTable("sms_providers")
    .set({ deleted_at: new Date(), is_default: false, is_active: false })
    .where("id", "=", id)
    .execute();
  await recordChange(trx, changeCtx(ctx), [
    { entity: "sms-providers", entityId: id, action: "delete", changes: { name: r.name } },
  ]);
}

/** Sends one message right away through the provider (the admin's "test"); nothing is stored. */
export async function testSmsProvider(
  db: Db,
  deps: SmsDeps,
  id: string,
  input: { to: string; text: string },
): Promise<{ ok: boolean; providerMessageId: string | null; code: string | null; message: string | null }> {
  const r = await findProvider(db, id);
  if (!r) throw new NotFoundError("SMS provider");
  const res: SendResult = await ADAPTERS[r.kind as ProviderKind].send(
    r.config as ProviderConfig,
    openSecrets(deps, r),
    { to: input.to, text: input.text, clientId: randomBytes(16).toString("hex"), statusCallbackUrl: null },
    providerHttp(deps.config),
  );
  return res.ok
    ? { ok: true, providerMessageId: res.providerMessageId, code: null, message: null }
    : { ok: false, providerMessageId: null, code: res.code, message: res.message };
}
