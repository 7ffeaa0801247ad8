import type { AppModule } from "../../platform/http/types.js";
import { companiesEntity } from "./entity.js";
import { companyEvents } from "./events.js";
import { routes } from "./routes.js";

export const companiesModule: AppModule = {
  name: "companies",
  entities: [companiesEntity],
  events: companyEvents,
  routes,
};
export { COMPANY_JSON_COLUMNS, companyColumns } from "./columns.js";
export {
  COMPANY_SIZES,
  COMPANY_TYPES,
  RATINGS,
  TAX_ID_KINDS,
} from "./schemas.js";
