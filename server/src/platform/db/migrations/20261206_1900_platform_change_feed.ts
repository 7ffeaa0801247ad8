import { type Kysely, sql } from "kysely";

/**
 * The outbox becomes a log that consumers read with a cursor each. A sequencer (one at a time, under an
 * advisory lock) gives committed events a `position` in commit order; because positions are assigned and
 * committed in order, a consumer that has read up to position P has seen every event up to P, and its cursor
 * in `change_consumers` is all the delivery state there is (no job row per event and consumer).
 * Events dispatched before this migration went to pg-boss jobs and keep a null position.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SEQUENCE change_events_position_seq AS bigint;
    ALTER TABLE change_events ADD COLUMN position bigint;
    CREATE UNIQUE INDEX change_events_position_idx ON change_events (position) WHERE position IS NOT NULL;
    CREATE TABLE change_consumers (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      failures integer NOT NULL DEFAULT 0,
      last_error text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
