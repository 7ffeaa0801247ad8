import { sql } from "kysely";
import type { ChangeConsumer } from "../../platform/events/consumer.js";

/**
 * Advances the analytics data version once per batch of committed changes (every entity: new modules'
 * records count without an edit here). Cached widget results carry the version they were computed at.
 */
export function dataVersionConsumer(): ChangeConsumer {
  return {
    name: "analytics.data-version",
    events: ["*"],
    batchSize: 5000,
    async handle(_events, { trx }) {
      await sql`update analytics_state set data_version = data_version + 1, updated_at = now()`.execute(trx);
    },
  };
}
