import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";

/**
 * SQL that converts amounts to the workspace currency inside another module's aggregate query (analytics
 * figures, report sums), so every amount is multiplied by the rate in force on its own day — the latest on or
 * before it, one probe of the `exchange_rates` primary key — and added in NUMERIC, never in floats.
 */
export function rateOn(base: string, currency: RawBuilder<unknown>, day: RawBuilder<unknown>) {
  return sql<string | null>`(case when ${currency} = ${base} then 1::numeric else (
    select e.rate from exchange_rates e
    where e.base_currency = ${base} and e.currency = ${currency} and e.effective_on <= (${day})::date
    order by e.effective_on desc limit 1) end)`;
}

/** One amount in the workspace currency (NULL when its currency has no rate on the day). */
export function convertedAmount(
  base: string,
  amount: RawBuilder<unknown>,
  currency: RawBuilder<unknown>,
  day: RawBuilder<unknown>,
) {
  return sql<string | null>`(${amount} * ${rateOn(base, currency, day)})`;
}

/**
 * Aggregates for a group: `sum` of the amounts that have a rate, converted (2 digits; NULL when none has one)
 * and `missing` — whether some amount had no rate (its currency is then named, as the board does).
 */
export function convertedSum(
  base: string,
  amount: RawBuilder<unknown>,
  currency: RawBuilder<unknown>,
  day: RawBuilder<unknown>,
) {
  const rate = rateOn(base, currency, day);
  return {
    sum: sql<string | null>`round(sum(${amount} * ${rate}), 2)::text`,
    missing: sql<boolean>`coalesce(bool_or(${amount} is not null and ${rate} is null), false)`,
  };
}

/** Whether any currency has a rate against `base` (one probe of the primary key). */
export async function hasExchangeRates(db: Kysely<DB>, base: string): Promise<boolean> {
  const row = await db
    .selectFrom("exchange_rates")
    .select("currency")
    .where("base_currency", "=", base)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
