import { users } from "./identity.js";
import { NOW, type TableGenerator } from "./types.js";

/**
 * Sales targets (12 months per user, RUB) and, after them, what the analytics dashboards read beyond the plain
 * rows: closed deals (won/lost stages) get `closed_at` and a lost reason, and every deal a stage history —
 * a stay in each open stage before its current one (a lost deal passed them all), evenly spread from its
 * creation to the time it entered its current stage.
 */
export const salesTargets: TableGenerator = {
  table: "sales_targets",
  rows: (f) => users.rows(f) * 12,
  columns: (ctx) => ({
    id: ctx.id("sales_targets", "g"),
    user_id: ctx.id("users", "1 + (g - 1) / 12"),
    month: `(date_trunc('month', ${NOW}) - make_interval(months => ((g - 1) % 12)::int))::date`,
    currency: "'RUB'",
    amount: "(1000000 + (g * 7919) % 5000000)::numeric",
  }),
  after: (ctx) =>
    ctx.count("deals") === 0
      ? []
      : [
          `UPDATE deals d SET
             stage_entered_at = greatest(d.created_at, d.stage_entered_at),
             closed_at = CASE WHEN s.kind = 'open' THEN NULL ELSE greatest(d.created_at, d.stage_entered_at) END,
             lost_reason = CASE WHEN s.kind = 'lost'
               THEN (ARRAY['Price','Chose a competitor','No budget','No decision'])[1 + abs(hashtext(d.id::text)) % 4]
               END
           FROM pipeline_stages s WHERE s.id = d.stage_id`,
          `INSERT INTO deal_stage_history (deal_id, pipeline_id, from_stage_id, to_stage_id, entered_at, left_at)
           SELECT d.id, d.pipeline_id, NULL, s.id,
             d.created_at + (d.stage_entered_at - d.created_at) * s.position / greatest(cur.position, 1),
             CASE WHEN s.id = d.stage_id THEN NULL
               ELSE d.created_at + (d.stage_entered_at - d.created_at) * least(s.position + 1, cur.position)
                 / greatest(cur.position, 1) END
           FROM deals d JOIN pipeline_stages cur ON cur.id = d.stage_id
             JOIN pipeline_stages s ON s.pipeline_id = d.pipeline_id
               AND (s.id = d.stage_id OR (s.kind = 'open' AND s.position < cur.position))`,
          "ANALYZE deals",
          "ANALYZE deal_stage_history",
        ],
};
