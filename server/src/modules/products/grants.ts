import type { Action } from "../../platform/access/actor.js";
import type { Scope } from "../../platform/db/column-types.js";

/** What the built-in roles may do with products: everyone sells from the catalogue, the head of sales keeps it. */
export const PRODUCT_ROLE_GRANTS: Record<string, Partial<Record<Action, Scope>>> = {
  head_of_sales: {
    read: "all",
    create: "all",
    update: "all",
    delete: "all",
    export: "all",
    import: "all",
    assign: "all",
  },
  sales_manager: { read: "all" },
  support_agent: { read: "all" },
  marketer: { read: "all", export: "all" },
  accountant: { read: "all", update: "all", export: "all" },
};
