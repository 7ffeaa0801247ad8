import type { AppModule } from "../../platform/http/types.js";
import { routes } from "./routes.js";

/** The workspace currency and exchange rates against it. */
export const currenciesModule: AppModule = { name: "currencies", routes };
export { convertedAmount, convertedSum, hasExchangeRates, rateOn } from "./conversion-sql.js";
export { defaultCurrencyOf, defaultCurrencySetting, getDefaultCurrency } from "./default-currency.js";
export type { AmountToConvert } from "./repository.js";
export { type ConvertedTotal, convertedTotalSchema } from "./schemas.js";
export { convertToWorkspaceCurrency } from "./service.js";
