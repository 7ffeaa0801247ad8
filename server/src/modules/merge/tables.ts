import type { DB } from "../../platform/db/schema.js";

export type { MovedLink } from "../../platform/db/column-types.js";

/** `survivor_before`: the survivor's values before the merge, of the fields it took from others. */
export type MergesTable = DB["merges"];
