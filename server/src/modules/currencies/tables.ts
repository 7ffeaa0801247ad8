import type { DB } from "../../platform/db/schema.js";

/** Exchange rates: primary key (base_currency, currency, effective_on); `rate numeric(22,10) > 0`. */
export type ExchangeRatesTable = DB["exchange_rates"];
