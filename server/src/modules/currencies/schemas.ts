import { z } from "zod";
import { currencyCode, isoDate } from "../../platform/http/schemas.js";

/**
 * A rate as a decimal string: greater than zero, up to 12 integer and 10 fraction digits (`numeric(22,10)`).
 * One unit of the currency is worth this many units of the workspace currency.
 */
export const rateString = z
  .string()
  .regex(
    /^(?=[0.]*[1-9])\d{1,12}(\.\d{1,10})?$/,
    "Use a decimal number greater than zero with at most 10 digits after the point.",
  );

export const rateParams = z.strictObject({
  currency: currencyCode,
  effectiveOn: isoDate.describe("The day the rate applies from (YYYY-MM-DD)."),
});

export const setRateBody = z.strictObject({ rate: rateString });

export const importRatesBody = z.strictObject({
  rates: z
    .array(z.strictObject({ currency: currencyCode, effectiveOn: isoDate, rate: rateString }))
    .min(1)
    .max(1000)
    .describe("Set (insert or replace) each of these rates; all or none."),
});

export const exchangeRateSchema = z.object({
  currency: currencyCode,
  effectiveOn: isoDate,
  rate: z.string().describe("Decimal string: one unit of `currency` in the workspace currency."),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: z.uuid().nullable(),
});

export const exchangeRateList = z.object({
  baseCurrency: currencyCode.describe("The workspace currency the rates are against."),
  items: z.array(exchangeRateSchema).describe("The rates against it: currency A→Z, newest day first."),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last one."),
});

export const ratesQuery = z.object({
  currency: currencyCode.optional().describe("Only this currency's history."),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().max(200).optional(),
});

export type ExchangeRate = z.infer<typeof exchangeRateSchema>;
export type RateInput = z.infer<typeof importRatesBody>["rates"][number];

/** A total converted to the workspace currency; `missingRates` = currencies left out for want of a rate. */
export const convertedTotalSchema = z.object({
  currency: currencyCode.describe("The workspace currency."),
  amount: z.string().describe("Decimal string, 2 digits: the sums that have a rate, converted and added."),
  missingRates: z
    .array(currencyCode)
    .describe("Currencies with amounts but no rate on or before `ratesOn`; not in `amount`."),
});
export type ConvertedTotal = z.infer<typeof convertedTotalSchema>;
