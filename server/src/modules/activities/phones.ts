import type { Transaction, Updateable } from "kysely";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, ValidationError } from "../../platform/errors.js";
import { userLanguage } from "../../platform/records/users.js";
import { defaultRegion } from "../../platform/records/values.js";
import type { ActivitiesTable, ActivityKind } from "./tables.js";

type Columns = Updateable<ActivitiesTable>;

/**
 * A call's `phone` and an SMS's `to` are phone numbers: stored in E.164 (`phone`, `to_address`) like contacts'
 * numbers, with the input as typed kept beside them (`phone_raw`, `to_raw`). A number without +country code is
 * read in the region of the user's language (ru → RU, sr → RS, kk → KZ), as for contacts. Invalid → 422
 * `invalid_phone` on the field. `null` clears both.
 */
export async function phoneColumns(
  trx: Transaction<DB>,
  userId: string,
  kind: ActivityKind,
  input: { phone?: string | null | undefined; to?: string | null | undefined },
): Promise<Columns> {
  const wanted: Array<["phone" | "to", string | null]> = [];
  if (kind === "call" && input.phone !== undefined) wanted.push(["phone", input.phone]);
  if (kind === "sms" && input.to !== undefined) wanted.push(["to", input.to]);
  if (wanted.length === 0) return {};
  const region = wanted.some(([, v]) => v !== null && !v.trim().startsWith("+"))
    ? defaultRegion(null, await userLanguage(trx, userId))
    : undefined;
  const out: Columns = {};
  const errors: FieldError[] = [];
  for (const [field, value] of wanted) {
    const raw = value?.trim() ? value.trim() : null;
    const parsed = raw ? parsePhoneNumberFromString(raw, region) : undefined;
    if (raw && !parsed?.isValid()) {
      errors.push({
        field: `body.${field}`,
        message: region
          ? "Not a valid phone number."
          : "Not a valid phone number (use the international format, +country code).",
        code: "invalid_phone",
      });
      continue;
    }
    const e164 = parsed?.number ?? null;
    if (field === "phone") Object.assign(out, { phone: e164, phone_raw: raw });
    else Object.assign(out, { to_address: e164, to_raw: raw });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}
