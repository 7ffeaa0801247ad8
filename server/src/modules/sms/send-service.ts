import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, NotFoundError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { readableRecordIds } from "../../platform/records/links.js";
import { logMessageActivity } from "../activities/module.js";
import { renderTemplate } from "../templates/module.js";
import { defaultProvider, findProvider, type MessageRow } from "./repository.js";
import type { SendSmsInput } from "./schemas.js";
import { smsSegments } from "./segments.js";
import { activityEvent } from "./status.js";

type Trx = Transaction<DB>;
export const SMS_SEND_JOB = "sms.send";

interface Phone {
  kind?: string;
  raw?: string;
  e164?: string | null;
}

/** The contact's numbers that can take an SMS (E.164), mobile ones first. */
export function smsNumbers(phones: unknown): string[] {
  const list = (Array.isArray(phones) ? phones : []) as Phone[];
  const e164 = list.filter((p) => typeof p.e164 === "string" && /^\+[1-9]\d{6,14}$/.test(p.e164));
  e164.sort((a, b) => Number(b.kind === "mobile") - Number(a.kind === "mobile"));
  return [...new Set(e164.map((p) => p.e164 as string))];
}

/** SMS consent (contacts' `consent.smsMarketing`): refused when the contact declined or was never asked. */
export function consentRefusal(consent: unknown): AppError | null {
  const g = (consent as { smsMarketing?: { granted?: unknown } } | null)?.smsMarketing?.granted;
  if (g === false) return new AppError(422, "sms_consent_refused", "The contact asked not to receive SMS.");
  if (g !== true) return new AppError(422, "sms_no_consent", "The contact has not agreed to receive SMS.");
  return null;
}

export function presentMessage(m: MessageRow) {
  return {
    id: m.id,
    direction: m.direction as "out" | "in",
    contactId: m.contact_id,
    phone: m.phone,
    text: m.body,
    encoding: m.encoding as "gsm7" | "ucs2",
    segments: m.segments,
    status: m.status as "queued",
    errorCode: m.error_code,
    errorMessage: m.error_message,
    providerId: m.provider_id,
    createdAt: m.created_at.toISOString(),
  };
}

/**
 * Queues an SMS to one of a contact's numbers: the contact must be readable, have an E.164 number the caller may
 * see and SMS consent; the text is given or rendered from an SMS template against the contact. The message, its
 * timeline item, `sms.send` and the `sms.send` job are written in one transaction.
 */
export async function sendSms(trx: Trx, jobs: JobQueue, ctx: RequestContext, input: SendSmsInput) {
  const readable = await readableRecordIds(trx, ctx.actor, "contacts", [input.contactId]);
  if (!readable.has(input.contactId)) throw new NotFoundError("Contact");
  const contact = await trx
    .selectFrom("contacts")
    .select(["id", "owner_id", "phones", "consent"])
    .where("id", "=", input.contactId)
    .executeTakeFirstOrThrow();
  if (isHidden(ctx.actor, "contacts", "phones")) {
    throw new AppError(422, "sms_phone_hidden", "Your role cannot see this contact's phone numbers.");
  }
  const numbers = smsNumbers(contact.phones);
  if (numbers.length === 0)
    throw new AppError(422, "sms_no_phone", "The contact has no phone number for SMS.");
  const phone = input.phone ?? numbers[0];
  if (!phone || !numbers.includes(phone)) {
    throw new AppError(422, "sms_phone_not_of_contact", "This number is not one of the contact's numbers.");
  }
  if (isHidden(ctx.actor, "contacts", "consent")) {
    throw new AppError(422, "sms_no_consent", "The contact's SMS consent cannot be checked with your role.");
  }
  const refusal = consentRefusal(contact.consent);
  if (refusal) throw refusal;
  let text = input.text ?? "";
  if (input.templateId) {
    const out = await renderTemplate(trx, ctx, {
      templateId: input.templateId,
      record: { entity: "contacts", id: contact.id },
      language: input.language,
      kind: "sms",
    });
    text = out.text;
  }
  text = text.trim();
  if (!text) throw new AppError(422, "sms_empty", "Write the message or choose a template.");
  if (text.length > 2000)
    throw new AppError(422, "sms_too_long", "The message is longer than 2000 characters.");
  const provider = input.providerId ? await findProvider(trx, input.providerId) : await defaultProvider(trx);
  if (!provider?.is_active) {
    throw new AppError(
      422,
      "sms_no_provider",
      "No SMS provider is set up. An administrator adds one in Settings.",
    );
  }
  const seg = smsSegments(text);
  const m = await trx
    .insertInto("sms_messages")
    .values({
      provider_id: provider.id,
      direction: "out",
      contact_id: contact.id,
      phone,
      body: text,
      encoding: seg.encoding,
      segments: seg.segments,
      status: "queued",
      template_id: input.templateId ?? null,
      created_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const activityId = await logMessageActivity(trx, {
    kind: "sms",
    direction: "out",
    ownerId: ctx.actor.userId,
    createdBy: ctx.actor.userId,
    occurredAt: m.created_at,
    body: text,
    to: phone,
    from: null,
    event: activityEvent(m),
    links: [{ entity: "contacts", id: contact.id }],
  });
  const row = await trx
    .updateTable("sms_messages")
    .set({ activity_id: activityId })
    .where("id", "=", m.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(trx, { actorId: ctx.actor.userId, requestId: ctx.requestId }, [
    {
      entity: "sms",
      entityId: m.id,
      action: "send",
      changes: {
        contactId: contact.id,
        phone,
        segments: seg.segments,
        providerId: provider.id,
        templateId: input.templateId ?? null,
      },
    },
  ]);
  await jobs.sendWith(trx, SMS_SEND_JOB, { messageId: m.id }, { singletonKey: m.id });
  return presentMessage(row);
}
