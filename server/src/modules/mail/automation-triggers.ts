import type { AutomationTriggerKind, TriggerVariable } from "../../platform/events/automation-triggers.js";
import { LABEL_LANGUAGES } from "../../platform/records/definition.js";
import { messageFacts } from "./message-facts-repository.js";

interface Address {
  name?: string;
  address?: string;
}
interface MessageChanges {
  direction?: string;
  subject?: string;
  from?: Address[];
  to?: Address[];
  mailboxId?: string;
  sentAt?: string;
  links?: { entity: string; id: string }[];
}

/** Longest body text a rule gets (`{{message.body}}`, conditions on it). */
const BODY_LIMIT = 20_000;

const v = (
  name: string,
  type: TriggerVariable["type"],
  en: string,
  ru: string,
  sr: string,
  kk: string,
): TriggerVariable => ({ name: `message.${name}`, type, label: { en, ru, sr, kk } });

/** The message's own fields; linked records are added per entity from the entity definitions. */
const MESSAGE_VARIABLES: readonly TriggerVariable[] = [
  v("from", "email", "Sender's address", "Адрес отправителя", "Адреса пошиљаоца", "Жіберушінің мекенжайы"),
  v("fromName", "text", "Sender's name", "Имя отправителя", "Име пошиљаоца", "Жіберушінің аты"),
  v("to", "text", "Recipients", "Получатели", "Примаоци", "Алушылар"),
  v("subject", "text", "Subject", "Тема", "Тема", "Тақырып"),
  v("snippet", "text", "Beginning of the text", "Начало текста", "Почетак текста", "Мәтіннің басы"),
  v("body", "text", "Message text", "Текст письма", "Текст поруке", "Хат мәтіні"),
  v("mailbox", "email", "Mailbox", "Почтовый ящик", "Поштанско сандуче", "Пошта жәшігі"),
  v("mailboxId", "id", "Mailbox (id)", "Почтовый ящик (id)", "Поштанско сандуче (id)", "Пошта жәшігі (id)"),
  v("hasAttachments", "boolean", "Has attachments", "Есть вложения", "Има прилоге", "Тіркемелері бар"),
  v("sentAt", "dateTime", "Sent at", "Время отправки", "Време слања", "Жіберілген уақыты"),
];

const LINKED = { en: "Linked", ru: "Связанная запись", sr: "Повезани запис", kk: "Байланысты жазба" };

/**
 * "A message was received": an incoming letter synced into a mailbox, for each record of the rule's entity the
 * message is linked to (the sender's contact, their company, records the thread was linked to) — offered for
 * entities whose timelines show mail. Its runs get `{{message.*}}`: sender, recipients, subject, text, mailbox,
 * attachments and the first linked record of each entity (`message.linked.contacts`).
 */
const received: AutomationTriggerKind<{ kind: "messageReceived" }> = {
  kind: "messageReceived",
  source: "event",
  actions: ["receive"],
  on: {
    entity: "mailMessages",
    records: (e, ruleEntity) => {
      const c = e.changes as MessageChanges;
      if (c.direction !== "in") return [];
      return [...new Set((c.links ?? []).filter((l) => l.entity === ruleEntity).map((l) => l.id))];
    },
  },
  appliesTo: (_fields, entity) => Boolean(entity.capabilities.timeline && entity.capabilities.linkable),
  compile: () => () => true,
  variables: (_entity, entities) => [
    ...MESSAGE_VARIABLES,
    ...entities
      .filter((d) => d.capabilities.linkable && d.capabilities.timeline)
      .map(
        (d): TriggerVariable => ({
          name: `message.linked.${d.name}`,
          type: "id",
          entity: d.name,
          label: Object.fromEntries(
            LABEL_LANGUAGES.map((l) => [l, `${LINKED[l]}: ${d.labels[l].singular}`]),
          ) as TriggerVariable["label"],
        }),
      ),
  ],
  async loadVariables(db, e) {
    const c = e.changes as MessageChanges;
    const row = await messageFacts(db, e.entityId);
    const linked: Record<string, string> = {};
    for (const l of c.links ?? []) linked[l.entity] ??= l.id;
    const to = ((row?.to ?? c.to ?? []) as Address[]).map((a) => a.address ?? "").filter(Boolean);
    return {
      message: {
        id: e.entityId,
        from: row?.from_address ?? c.from?.[0]?.address ?? "",
        fromName: row?.from_name ?? c.from?.[0]?.name ?? "",
        to: to.join(", "),
        subject: row?.subject ?? c.subject ?? "",
        snippet: row?.snippet ?? "",
        body: (row?.text_body ?? "").slice(0, BODY_LIMIT),
        mailbox: row?.mailbox_address ?? "",
        mailboxId: row?.mailbox_id ?? c.mailboxId ?? null,
        hasAttachments: Boolean(row?.has_attachments),
        sentAt: row ? new Date(row.sent_at).toISOString() : (c.sentAt ?? null),
        linked,
      },
    };
  },
};
export const mailTriggers = [received] as unknown as readonly AutomationTriggerKind<never>[];
