import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Config } from "../../platform/config/config.js";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError, type FieldError, NotFoundError } from "../../platform/errors.js";
import { decodeCursor, encodeCursor } from "../../platform/http/schemas.js";
import { throwIfErrors } from "../../platform/records/write-checks.js";
import { getDefaultCurrency } from "./default-currency.js";
import {
  type AmountToConvert,
  convertAmounts,
  deleteRate,
  findRate,
  listRates,
  type RateRow,
  upsertRate,
} from "./repository.js";
import type { ConvertedTotal, ExchangeRate, RateInput } from "./schemas.js";

type Db = Kysely<DB> | Transaction<DB>;

/** ISO 4217 codes the runtime knows (full ICU): `XYZ` has the shape of a code but is none. */
const KNOWN = new Set(Intl.supportedValuesOf("currency"));

function present(r: RateRow): ExchangeRate {
  return {
    currency: r.currency,
    effectiveOn: r.effective_on,
    rate: r.rate,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}

export async function listExchangeRates(
  db: Db,
  config: Config,
  q: { currency?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const { currency: baseCurrency } = await getDefaultCurrency(db, config);
  let after: [string, string] | undefined;
  if (q.cursor) {
    const [currency, day] = decodeCursor(q.cursor, 2);
    if (typeof currency !== "string" || typeof day !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    after = [currency, day];
  }
  const rows = await listRates(db, baseCurrency, { currency: q.currency, limit: q.limit, after });
  const items = rows.slice(0, q.limit).map(present);
  const last = items.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor([last.currency, last.effectiveOn]) : null;
  return { baseCurrency, items, nextCursor };
}

function check(rates: readonly RateInput[], base: string, prefix: (i: number) => string): void {
  const errors: FieldError[] = [];
  rates.forEach((r, i) => {
    if (!KNOWN.has(r.currency)) {
      errors.push({
        field: `${prefix(i)}currency`,
        message: "Not an ISO 4217 currency.",
        code: "unknown_currency",
      });
    } else if (r.currency === base) {
      errors.push({
        field: `${prefix(i)}currency`,
        message: `${base} is the workspace currency; its rate is always 1.`,
        code: "workspace_currency_rate",
      });
    }
  });
  throwIfErrors(errors);
}

/**
 * Sets (inserts or replaces) rates against the workspace currency, all or none, each audited with its before →
 * after as `settings.exchange-rate.set`.
 */
export async function setExchangeRates(
  trx: Transaction<DB>,
  config: Config,
  ctx: RequestContext,
  rates: readonly RateInput[],
  fieldPrefix: (i: number) => string,
): Promise<ExchangeRate[]> {
  const { currency: base } = await getDefaultCurrency(trx, config);
  check(rates, base, fieldPrefix);
  const out: ExchangeRate[] = [];
  for (const r of rates) {
    const before = await findRate(trx, base, r.currency, r.effectiveOn);
    const row = await upsertRate(trx, base, r, ctx.actor.userId);
    await audit(trx, ctx, "settings.exchange-rate.set", base, r, before?.rate ?? null, row.rate);
    out.push(present(row));
  }
  return out;
}

export async function deleteExchangeRate(
  trx: Transaction<DB>,
  config: Config,
  ctx: RequestContext,
  key: { currency: string; effectiveOn: string },
): Promise<void> {
  const { currency: base } = await getDefaultCurrency(trx, config);
  const gone = await deleteRate(trx, base, key.currency, key.effectiveOn);
  if (!gone) throw new NotFoundError("Exchange rate");
  await audit(trx, ctx, "settings.exchange-rate.deleted", base, key, gone.rate, null);
}

async function audit(
  trx: Transaction<DB>,
  ctx: RequestContext,
  action: string,
  base: string,
  key: { currency: string; effectiveOn: string },
  before: string | null,
  after: string | null,
) {
  await writeAudit(trx, {
    action,
    actorId: ctx.actor.userId,
    entity: "exchange_rates",
    changes: { before: before && { rate: before }, after: after && { rate: after } },
    details: { currency: key.currency, baseCurrency: base, effectiveOn: key.effectiveOn },
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  });
}

/**
 * Totals per key converted to the workspace currency with the rates in force on `on` (exact NUMERIC math in
 * PostgreSQL, rounded to 2 digits once per key); a key without amounts answers `0.00`.
 */
export async function convertToWorkspaceCurrency(
  db: Db,
  config: Config,
  on: string,
  items: readonly AmountToConvert[],
): Promise<(key: string) => ConvertedTotal> {
  const { currency } = await getDefaultCurrency(db, config);
  const rows = await convertAmounts(db, currency, on, items);
  const byKey = new Map(rows.map((r) => [r.key, { currency, amount: r.amount, missingRates: r.missing }]));
  return (key) => byKey.get(key) ?? { currency, amount: "0.00", missingRates: [] };
}
