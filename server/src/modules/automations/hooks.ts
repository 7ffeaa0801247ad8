import { randomUUID } from "node:crypto";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { verifySignature } from "../webhooks/module.js";
import { createRuns } from "./runs.js";
import type { Definition } from "./schemas.js";
import { pathValue } from "./variables.js";

/**
 * An inbound webhook call: finds the enabled rule by its public id, verifies the Standard Webhooks signature
 * (or, with `verify: "secret"`, the secret in `Authorization: Bearer`/`X-Hook-Secret`) — 401 with nothing run
 * when it is wrong — maps payload paths to the rule's `hook.*` variables and starts a run keyed by the
 * `webhook-id` header (a sender's retry of one message runs once).
 */
export async function receiveHook(
  deps: AppDeps,
  publicId: string,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
): Promise<{ runId: string | null; duplicate: boolean }> {
  const rule = await deps.db
    .selectFrom("automation_rules as r")
    .innerJoin("automation_rule_versions as v", "v.id", "r.current_version_id")
    .select(["r.id", "r.current_version_id", "r.entity", "r.hook_secret", "v.definition"])
    .where("r.hook_public_id", "=", publicId)
    .where("r.enabled", "=", true)
    .where("r.deleted_at", "is", null)
    .executeTakeFirst();
  if (!rule?.hook_secret) throw new NotFoundError("Hook");
  const definition = rule.definition as Definition;
  const t = definition.trigger;
  if (t.kind !== "inboundWebhook") throw new NotFoundError("Hook");
  const secret = deps.secrets.open(rule.hook_secret);
  if (t.verify === "secret") verifyShared(secret, headers);
  else verifySignature(secret, rawBody, headers);
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    throw ValidationError.field("body", "The payload is not JSON.", "invalid_json");
  }
  const hook = Object.fromEntries(
    Object.entries(t.variables).map(([name, path]) => [name, pathValue(payload, path) ?? null]),
  );
  const rawId = t.recordIdPath ? pathValue(payload, t.recordIdPath) : null;
  const recordId = typeof rawId === "string" && /^[0-9a-f-]{36}$/i.test(rawId) ? rawId : null;
  const header = headers["webhook-id"];
  const msgId = (Array.isArray(header) ? header[0] : header)?.slice(0, 200) || randomUUID();
  return deps.db.transaction().execute(async (trx) => {
    const [runId] = await createRuns(trx, deps, [
      {
        ruleId: rule.id,
        versionId: rule.current_version_id as string,
        triggerKey: `hook:${msgId}`,
        entity: rule.entity,
        recordId,
        depth: 0,
        context: { trigger: { kind: "inboundWebhook", messageId: msgId, entityId: recordId }, hook },
      },
    ]);
    return { runId: runId ?? null, duplicate: !runId };
  });
}

function verifyShared(secret: string, headers: Record<string, string | string[] | undefined>) {
  const auth = headers.authorization;
  const given =
    (typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : undefined) ??
    (typeof headers["x-hook-secret"] === "string" ? headers["x-hook-secret"] : undefined);
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(secret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new HookSignatureError();
}

import { timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "../../platform/errors.js";

class HookSignatureError extends UnauthorizedError {
  constructor() {
    super("invalid_signature", "The webhook signature or secret is wrong.");
  }
}
