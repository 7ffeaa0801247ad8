/** Pieces of `FieldMeta` declarations entities share (list-valued filters and their value normalizers). */

/** A list-valued filter over a `text[]` column; presented elsewhere in its own shape. */
export const LIST = { array: true, sortable: false, filterOnly: true } as const;
export const lowerTrim = (v: string) => v.trim().toLowerCase();
/** `phone_digits` holds digits only, so "237-0336" matches like "2370336" (as the quick search does). */
export const digitsOnly = (v: string) => v.replace(/\D/g, "");
