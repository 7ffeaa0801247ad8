import type { ChangeConsumer } from "../../platform/events/consumer.js";
import type { AppDeliveredEvent } from "../change-events.js";
import { linkThreadsOfAddresses } from "./linking.js";

const values = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((e) =>
        e && typeof e === "object" && typeof (e as { value?: unknown }).value === "string"
          ? [String((e as { value: string }).value).toLowerCase()]
          : [],
      )
    : [];

/**
 * A contact created with, or given, an e-mail address: the conversations of that address get linked to it (and
 * its companies), and the address leaves "Not in CRM" — the one-click "create contact" links past mail.
 */
export function contactAddressesConsumer(): ChangeConsumer<AppDeliveredEvent> {
  return {
    name: "mail.contact-addresses",
    events: ["contacts.create", "contacts.update"],
    async handle(events, { trx }) {
      for (const e of events) {
        const change = (e.changes as Record<string, { before?: unknown; after?: unknown } | undefined>)
          .emails;
        if (!change) continue;
        const before = new Set(values(change.before));
        const added = values(change.after).filter((a) => !before.has(a));
        if (added.length > 0) await linkThreadsOfAddresses(trx, e.entityId, added, e.actorId ?? null);
      }
    },
  };
}
