import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { defaultCurrencyRoutes } from "./default-currency.js";
import {
  exchangeRateList,
  exchangeRateSchema,
  importRatesBody,
  rateParams,
  ratesQuery,
  setRateBody,
} from "./schemas.js";
import { deleteExchangeRate, listExchangeRates, setExchangeRates } from "./service.js";

const tags = ["settings"];
const write = access.admin("settings.manage");

export function routes(app: App, deps: AppDeps): void {
  const { db, config } = deps;
  defaultCurrencyRoutes(app, deps);

  app.get(
    "/api/v1/exchange-rates",
    {
      config: { access: access.entity("deals", "read") },
      schema: {
        tags,
        summary: "Exchange rates against the workspace currency, with their history (keyset pages)",
        querystring: ratesQuery,
        response: { 200: exchangeRateList },
      },
    },
    async (req) => listExchangeRates(db, config, req.query),
  );

  app.put(
    "/api/v1/exchange-rates/:currency/:effectiveOn",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Set the rate of a currency from a day on (insert or replace; earlier days keep theirs)",
        params: rateParams,
        body: setRateBody,
        response: { 200: exchangeRateSchema, 422: problemSchema },
      },
    },
    async (req) => {
      const [saved] = await db
        .transaction()
        .execute((trx) =>
          setExchangeRates(trx, config, requestContext(req), [{ ...req.params, ...req.body }], () => ""),
        );
      return saved!;
    },
  );

  app.post(
    "/api/v1/exchange-rates/import",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Set many rates at once (a pasted table): all or none",
        body: importRatesBody,
        response: { 200: z.object({ items: z.array(exchangeRateSchema) }), 422: problemSchema },
      },
    },
    async (req) => ({
      items: await db
        .transaction()
        .execute((trx) =>
          setExchangeRates(trx, config, requestContext(req), req.body.rates, (i) => `rates.${i}.`),
        ),
    }),
  );

  app.delete(
    "/api/v1/exchange-rates/:currency/:effectiveOn",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Delete the rate of a day (the previous one applies again)",
        params: rateParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (req, reply) => {
      await db
        .transaction()
        .execute((trx) => deleteExchangeRate(trx, config, requestContext(req), req.params));
      return reply.code(204).send(null);
    },
  );
}
