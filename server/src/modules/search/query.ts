export type { ParsedQuery } from "../../platform/records/definition.js";
export { parseQuery } from "../../platform/records/parse-query.js";
export { likeEscape, matchRange, prefixTsQuery } from "../../platform/records/search.js";
