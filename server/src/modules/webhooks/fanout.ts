import type { ChangeConsumer } from "../../platform/events/consumer.js";
import type { AppDeps } from "../../platform/http/types.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { AppDeliveredEvent } from "../change-events.js";
import type { WebhookEvent } from "./authorize.js";
import { DELIVER_JOB, type DeliverJobData } from "./deliver.js";
import { selectorsMatch } from "./event-types.js";
import { matchesFilter, type WebhookFilter } from "./filter.js";
import { enabledWebhooks, insertDeliveries, type NewDelivery } from "./repository.js";
import { newMessageId } from "./signing.js";

export const FANOUT_CONSUMER = "webhooks.fanout";
/** Deliveries per `webhooks.deliver` job. */
const JOB_CHUNK = 25;

/** What a webhook sends of a change event: the documented envelope without the writer's IP and user agent. */
export function webhookEvent(e: AppDeliveredEvent): WebhookEvent {
  return {
    id: e.id,
    position: e.position,
    entity: e.entity,
    entityId: e.entityId,
    action: e.action,
    changes: e.changes as Record<string, unknown>,
    actorId: e.actorId,
    requestId: e.requestId,
    occurredAt: e.occurredAt,
  };
}

/**
 * Turns committed changes of record entities into deliveries for the enabled subscriptions whose event types
 * and filter match, in the transaction that moves its cursor (so each event fans out once), and queues their
 * first attempt. Authorization is checked when each attempt is sent, as the subscription's owner.
 */
export function fanoutConsumer(deps: Pick<AppDeps, "jobs">): ChangeConsumer<AppDeliveredEvent> {
  return {
    name: FANOUT_CONSUMER,
    events: ["*"],
    batchSize: 1000,
    async handle(events, { trx }) {
      const hooks = await enabledWebhooks(trx);
      if (hooks.length === 0) return;
      const rows: NewDelivery[] = [];
      for (const e of events) {
        if (!entityCatalog().get(e.entity)) continue;
        let payload: string | null = null;
        for (const h of hooks) {
          if (!selectorsMatch(h.event_types, e.entity, e.action)) continue;
          if (!matchesFilter(h.filter as WebhookFilter | null, e.changes as Record<string, unknown>))
            continue;
          payload ??= JSON.stringify(webhookEvent(e));
          rows.push({
            webhook_id: h.id,
            msg_id: newMessageId(),
            event_id: e.id,
            event_type: `${e.entity}.${e.action}`,
            event: payload,
          });
        }
      }
      const ids = await insertDeliveries(trx, rows);
      const jobs: DeliverJobData[] = [];
      for (let i = 0; i < ids.length; i += JOB_CHUNK) {
        jobs.push({ items: ids.slice(i, i + JOB_CHUNK).map((id) => ({ id, attempts: 0 })) });
      }
      await deps.jobs.sendManyWith(trx, DELIVER_JOB, jobs);
    },
  };
}
