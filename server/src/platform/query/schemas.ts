import { z } from "zod";
import { FIELD_TYPES, type FieldType } from "../access/fields.js";
import { listQuery } from "../http/schemas.js";
import { MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH, OPERATORS } from "./filter.js";
import { RELATIVE_DATES } from "./relative-dates.js";

// Named OpenAPI components, so clients take the grammar's vocabulary from the generated types.
export const filterOperatorSchema = z.enum(OPERATORS).meta({ id: "FilterOperator" });
export const relativeDateSchema = z.enum(RELATIVE_DATES).meta({ id: "RelativeDate" });
export const fieldTypeSchema = z
  .enum(FIELD_TYPES as readonly FieldType[] as [FieldType, ...FieldType[]])
  .meta({ id: "FieldType" });

const filterDescription = [
  'JSON filter: `{"and": [...]}` | `{"or": [...]}` | `{"field": "<key>", "op": "<operator>", "value": …}`.',
  `Operators: ${OPERATORS.join(", ")}. \`between\` takes [from, to] (inclusive); \`in\`/\`notIn\` take arrays;`,
  "`isEmpty`/`isNotEmpty` take no value; on multi-value fields (tags, multiSelect) `contains` = has all,",
  '`in` = has any, `notIn` = has none. User fields accept `"me"`.',
  `\`relative\` (date fields, user's time zone): ${RELATIVE_DATES.join(", ")}.`,
  `At most ${MAX_FILTER_DEPTH} levels of groups and ${MAX_FILTER_CONDITIONS} conditions.`,
  'Example: `{"and":[{"field":"ownerId","op":"eq","value":"me"},{"field":"createdAt","op":"relative","value":"thisMonth"}]}`.',
  "Field keys and types: `GET /api/v1/custom-fields/meta/{entity}`. Errors are 422 with `filter.<field>` entries.",
].join(" ");

/** Query parameters of every list endpoint built on the engine. */
export const entityListQuery = listQuery.extend({
  filter: z.string().max(20_000).optional().describe(filterDescription),
  q: z
    .string()
    .max(200)
    .optional()
    .describe(
      "Quick search: what global search matches for the entity (contacts: name, position, emails, phone fragments, their companies' names; companies: name, legal name, emails, tax ids, phones; deals: title; products: name, SKU), combined with `filter`. 422 on lists without search.",
    ),
  sort: z
    .string()
    .max(300)
    .optional()
    .describe(
      "Comma-separated sortable fields, `-` for descending (e.g. `-createdAt,name`); `id` breaks ties.",
    ),
  total: z
    .enum(["true", "false"])
    .optional()
    .describe(
      "Count matching records, capped at 10000 for a role that reads all records of the entity and at 1000 for an own or team scope; default true on the first page only.",
    ),
});

export type EntityListQuery = z.infer<typeof entityListQuery>;

/** Whether to count: explicitly requested, or by default on the first page. */
export function wantsTotal(q: Pick<EntityListQuery, "total" | "cursor">): boolean {
  return q.total ? q.total === "true" : !q.cursor;
}
