import { type Kysely, sql } from "kysely";

/**
 * A cached answer computed from rollups that had not applied every change yet ("as of …") carries the rollups'
 * mark (the `analytics.rollups` consumer's cursor and the build times): it is served again only while the mark
 * is the same, so it is recomputed as soon as the rollups apply anything. Exact answers keep `rollup_mark` null.
 * Before, such answers were not cached at all: while the rollup consumer lagged (a large import, a stopped
 * worker) every request recomputed every rollup widget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE analytics_cache ADD COLUMN rollup_mark text`.execute(db);
}
