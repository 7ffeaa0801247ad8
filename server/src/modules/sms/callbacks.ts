import { timingSafeEqual } from "node:crypto";
import { ForbiddenError, NotFoundError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { AppDeps } from "../../platform/http/types.js";
import { logMessageActivity } from "../activities/module.js";
import { ADAPTERS } from "./providers/index.js";
import type {
  CallbackInput,
  CallbackResult,
  InboundSms,
  ProviderConfig,
  ProviderKind,
} from "./providers/types.js";
import { openSecrets, tokenHash } from "./providers-service.js";
import { contactsByPhoneDigits, findByProviderId, findProvider, type ProviderRow } from "./repository.js";
import { smsSegments } from "./segments.js";
import { smsNumbers } from "./send-service.js";
import { activityEvent, applyStatus } from "./status.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The provider a callback URL names, when its secret token matches (else 403, nothing read or changed). */
async function verifiedProvider(deps: AppDeps, providerId: string, token: string): Promise<ProviderRow> {
  const provider = UUID.test(providerId) ? await findProvider(deps.db, providerId) : null;
  if (!provider) throw new NotFoundError("SMS provider");
  const a = Buffer.from(provider.callback_token_hash);
  const b = Buffer.from(tokenHash(token));
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ForbiddenError("sms_callback_forged", "The callback's token does not match.");
  }
  return provider;
}

/**
 * A provider's delivery report or incoming message: the URL's secret token (and, for Twilio, the request's
 * signature) must match, else 403 and nothing changes. Status updates move messages forward; an incoming message
 * is stored once (provider message id) and linked by phone to the contact whose number it is.
 */
export async function handleCallback(
  deps: AppDeps,
  providerId: string,
  token: string,
  input: CallbackInput,
): Promise<CallbackResult["reply"]> {
  const provider = await verifiedProvider(deps, providerId, token);
  const adapter = ADAPTERS[provider.kind as ProviderKind];
  if (adapter.verifySignature && !adapter.verifySignature(openSecrets(deps, provider), input)) {
    throw new ForbiddenError("sms_callback_forged", "The callback's signature does not match.");
  }
  const parsed = adapter.parseCallback(input, provider.config as ProviderConfig);
  await deps.db.transaction().execute(async (trx) => {
    for (const u of parsed.updates) {
      const m = await findByProviderId(trx, provider.id, u.providerMessageId);
      if (m) await applyStatus(trx, m, u.status, { errorCode: u.errorCode ?? null });
    }
    for (const msg of parsed.inbound) await receive(trx, provider, msg);
  });
  return parsed.reply;
}

const digits = (s: string) => s.replace(/\D/g, "");

async function receive(trx: Parameters<typeof applyStatus>[0], provider: ProviderRow, msg: InboundSms) {
  const from = digits(msg.from);
  if (from.length < 5) return;
  const phone = `+${from}`;
  const candidates = await contactsByPhoneDigits(trx, from);
  const contact = candidates.find((c) => smsNumbers(c.phones).some((n) => digits(n) === from)) ?? null;
  const seg = smsSegments(msg.text);
  const row = await trx
    .insertInto("sms_messages")
    .values({
      provider_id: provider.id,
      direction: "in",
      contact_id: contact?.id ?? null,
      phone,
      body: msg.text.slice(0, 2000),
      encoding: seg.encoding,
      segments: seg.segments,
      status: "received",
      provider_message_id: msg.providerMessageId,
    })
    .onConflict((oc) =>
      oc
        .columns(["provider_id", "provider_message_id"])
        .where("provider_message_id", "is not", null)
        .doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (!row) return;
  if (contact) {
    const activityId = await logMessageActivity(trx, {
      kind: "sms",
      direction: "in",
      ownerId: contact.owner_id,
      createdBy: null,
      occurredAt: row.created_at,
      body: row.body,
      to: msg.to,
      from: phone,
      event: activityEvent(row),
      links: [{ entity: "contacts", id: contact.id }],
    });
    await trx.updateTable("sms_messages").set({ activity_id: activityId }).where("id", "=", row.id).execute();
  }
  await recordChange(trx, { actorId: null }, [
    {
      entity: "sms",
      entityId: row.id,
      action: "receive",
      changes: { contactId: contact?.id ?? null, phone, segments: seg.segments, providerId: provider.id },
    },
  ]);
}
