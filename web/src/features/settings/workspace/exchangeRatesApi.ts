import { infiniteQueryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import type { JsonBody } from "../../../api/types";

export type RateList = JsonBody<paths["/api/v1/exchange-rates"]["get"]["responses"][200]>;
export type ExchangeRate = RateList["items"][number];
export interface RateInput {
  currency: string;
  effectiveOn: string;
  rate: string;
}

/** Pages of the rates (under the default currency's key: changing the currency refetches them). */
export const exchangeRatesQuery = infiniteQueryOptions({
  queryKey: ["settings", "default-currency", "exchange-rates"],
  queryFn: ({ pageParam }) =>
    unwrap(api.GET("/api/v1/exchange-rates", { params: { query: pageParam ? { cursor: pageParam } : {} } })),
  initialPageParam: null as string | null,
  getNextPageParam: (last) => last.nextCursor,
});

export const setRate = ({ currency, effectiveOn, rate }: RateInput) =>
  unwrap(
    api.PUT("/api/v1/exchange-rates/{currency}/{effectiveOn}", {
      params: { path: { currency, effectiveOn } },
      body: { rate },
    }),
  );

export const importRates = (rates: RateInput[]) =>
  unwrap(api.POST("/api/v1/exchange-rates/import", { body: { rates } }));

export const deleteRate = ({ currency, effectiveOn }: Pick<RateInput, "currency" | "effectiveOn">) =>
  unwrap(
    api.DELETE("/api/v1/exchange-rates/{currency}/{effectiveOn}", {
      params: { path: { currency, effectiveOn } },
    }),
  );

/** ISO 4217 codes the browser knows, the workspace's usual ones first. */
export function currencyOptions(base: string | undefined): string[] {
  const first = ["USD", "EUR", "RUB", "KZT", "RSD", "CNY", "GBP"];
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : first;
  return [...new Set([...first, ...all])].filter((code) => code !== base);
}

/** Per currency the rate in force on `today` (the latest on or before it). */
export function ratesInForce(items: readonly ExchangeRate[], today: string): Set<ExchangeRate> {
  const current = new Map<string, ExchangeRate>();
  for (const rate of items) {
    const seen = current.get(rate.currency);
    if (rate.effectiveOn <= today && (!seen || rate.effectiveOn > seen.effectiveOn))
      current.set(rate.currency, rate);
  }
  return new Set(current.values());
}
