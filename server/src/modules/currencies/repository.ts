import { type Kysely, sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";

type Db = Kysely<DB> | Transaction<DB>;

export interface RateRow {
  currency: string;
  effective_on: string;
  rate: string;
  updated_at: Date;
  updated_by: string | null;
}

function selectRates(db: Db) {
  return db
    .selectFrom("exchange_rates")
    .select([
      "currency",
      sql<string>`to_char(effective_on, 'YYYY-MM-DD')`.as("effective_on"),
      sql<string>`trim_scale(rate)::text`.as("rate"),
      "updated_at",
      "updated_by",
    ]);
}

/**
 * A page of the rates against `base` (or of one currency's history): currency A→Z, newest day first, after the
 * `[currency, day]` of the previous page's last row; `limit + 1` rows read to know whether more follow.
 */
export async function listRates(
  db: Db,
  base: string,
  opts: { currency?: string | undefined; limit: number; after?: [string, string] | undefined },
): Promise<RateRow[]> {
  let q = selectRates(db).where("base_currency", "=", base);
  if (opts.currency) q = q.where("currency", "=", opts.currency);
  if (opts.after) {
    const [currency, day] = opts.after;
    q = q.where(
      sql<boolean>`(currency > ${currency} OR (currency = ${currency} AND effective_on < ${day}::date))`,
    );
  }
  return q
    .orderBy("currency")
    .orderBy("exchange_rates.effective_on", "desc")
    .limit(opts.limit + 1)
    .execute();
}

/** The rate of one day, row-locked (the before of an audited write). */
export async function findRate(trx: Transaction<DB>, base: string, currency: string, on: string) {
  return selectRates(trx)
    .where("base_currency", "=", base)
    .where("currency", "=", currency)
    .where("effective_on", "=", on)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertRate(
  trx: Transaction<DB>,
  base: string,
  input: { currency: string; effectiveOn: string; rate: string },
  userId: string,
): Promise<RateRow> {
  await trx
    .insertInto("exchange_rates")
    .values({
      base_currency: base,
      currency: input.currency,
      effective_on: input.effectiveOn,
      rate: input.rate,
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc
        .columns(["base_currency", "currency", "effective_on"])
        .doUpdateSet({ rate: input.rate, updated_by: userId, updated_at: sql`now()` }),
    )
    .execute();
  return (await findRate(trx, base, input.currency, input.effectiveOn))!;
}

export async function deleteRate(trx: Transaction<DB>, base: string, currency: string, on: string) {
  return trx
    .deleteFrom("exchange_rates")
    .where("base_currency", "=", base)
    .where("currency", "=", currency)
    .where("effective_on", "=", on)
    .returning(sql<string>`trim_scale(rate)::text`.as("rate"))
    .executeTakeFirst();
}

export interface AmountToConvert {
  key: string;
  currency: string;
  amount: string;
}

/**
 * Per key: the amounts converted to `base` with the latest rate on or before `on`, added and rounded to 2 digits
 * once (all in NUMERIC); amounts in `base` count as they are; currencies without a rate are listed, not added.
 */
export async function convertAmounts(db: Db, base: string, on: string, items: readonly AmountToConvert[]) {
  if (items.length === 0) return [];
  const result = await sql<{ key: string; amount: string; missing: string[] }>`
    SELECT u.key,
           round(coalesce(sum(u.amount * r.rate), 0), 2)::text AS amount,
           coalesce(array_agg(DISTINCT u.currency ORDER BY u.currency) FILTER (WHERE r.rate IS NULL), '{}') AS missing
      FROM unnest(${items.map((i) => i.key)}::text[], ${items.map((i) => i.currency)}::text[],
                  ${items.map((i) => i.amount)}::numeric[]) AS u(key, currency, amount)
      LEFT JOIN LATERAL (
        SELECT 1::numeric AS rate WHERE u.currency = ${base}
        UNION ALL
        (SELECT e.rate FROM exchange_rates e
          WHERE e.base_currency = ${base} AND e.currency = u.currency AND e.effective_on <= ${on}::date
          ORDER BY e.effective_on DESC LIMIT 1)
        LIMIT 1
      ) r ON true
     GROUP BY u.key`.execute(db);
  return result.rows;
}
