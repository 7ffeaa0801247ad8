import { sql } from "kysely";
import type { FieldMeta } from "../access/fields.js";

/** Pieces of `FieldMeta` declarations entities share (list-valued filters and their value normalizers). */

/** A list-valued filter over a `text[]` column; presented elsewhere in its own shape. */
export const LIST = { array: true, sortable: false, filterOnly: true } as const;
export const lowerTrim = (v: string) => v.trim().toLowerCase();
/** `phone_digits` holds digits only, so "237-0336" matches like "2370336" (as the quick search does). */
export const digitsOnly = (v: string) => v.replace(/\D/g, "");

/**
 * `ownerId` sorts by the owner's name (as the column shows it), not by the id; never empty (owners are NOT NULL
 * and every user has a name), so keyset pages compare `(name, id)` rows.
 */
export const SORT_BY_OWNER_NAME: Pick<FieldMeta, "sortable" | "sortBy"> = {
  sortable: true,
  sortBy: {
    expression: (a) => sql`(select so_u.name from users so_u where so_u.id = ${sql.ref(`${a}.owner_id`)})`,
    type: "text",
    nullable: false,
  },
};

/**
 * `phone` sorts by the first number's digits (its E.164 form, the first word of `phone_digits`), so
 * "+7 916 …" and "8 (916) …" sort together; records without a phone come last.
 */
export const SORT_BY_FIRST_PHONE: Pick<FieldMeta, "sortable" | "sortBy"> = {
  sortable: true,
  sortBy: {
    expression: (a) => sql`nullif(split_part(${sql.ref(`${a}.phone_digits`)}, ' ', 1), '')`,
    type: "text",
    nullable: true,
  },
};
