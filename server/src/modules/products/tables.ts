import type { DB } from "../../platform/db/schema.js";

/** Products: `sku` unique among live rows, price as NUMERIC + ISO currency, `tags text[]`, soft delete. */
export type ProductsTable = DB["products"];
