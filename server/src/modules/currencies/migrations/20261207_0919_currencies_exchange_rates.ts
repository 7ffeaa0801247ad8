import { type Kysely, sql } from "kysely";

/**
 * Exchange rates set by admins: one unit of `currency` is worth `rate` units of `base_currency` (the workspace
 * currency when the rate was set) from `effective_on` on. History is kept — a rate applies until the next one of
 * the same pair; rates of another base stay (they apply again if the workspace currency is switched back).
 * Exact: NUMERIC, up to 12 integer and 10 fraction digits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE exchange_rates (
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$' AND base_currency <> currency),
      effective_on date NOT NULL,
      rate numeric(22, 10) NOT NULL CHECK (rate > 0),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (base_currency, currency, effective_on)
    );
  `.execute(db);
}
