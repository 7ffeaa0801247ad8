import type { FieldError } from "../../platform/errors.js";
import {
  type AddressValue,
  emailValues,
  normalizeEmails,
  type PhoneValue,
  phoneSearchColumns,
} from "../../platform/records/values.js";
import { normalizeTagList } from "../tags/module.js";
import type { Consent } from "./tables.js";

/**
 * A contact's write rules, once: the stored columns derived from API-shaped values. Pure and per row, so the
 * API (one record), import (a batch, set-based), merge and demo data all store a contact the same way.
 */

type ConsentKind = "emailMarketing" | "smsMarketing";
export type ConsentInput = Partial<
  Record<
    ConsentKind,
    { granted: boolean; at?: string | null | undefined; origin?: string | null | undefined }
  >
>;

/** API-shaped values; `phones` already normalized (`normalizePhones`, which needs the user's region). */
export interface ContactValues {
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  lastName?: string | null | undefined;
  position?: string | null | undefined;
  birthday?: string | null | undefined;
  notes?: string | null | undefined;
  preferredChannel?: string | null | undefined;
  language?: string | null | undefined;
  source?: string | null | undefined;
  externalId?: string | null | undefined;
  tags?: string[] | undefined;
  messengers?: Array<{ kind: string; handle: string }> | undefined;
  address?: AddressValue | null | undefined;
  phones?: PhoneValue[] | undefined;
  emails?: Array<{ kind: string; value: string }> | undefined;
  consent?: ConsentInput | undefined;
}

/** What the derivation needs of the stored contact when updating. */
export interface StoredContact {
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  consent: unknown;
}

/** Columns holding jsonb documents (written as JSON text by single-row writes). */
export const CONTACT_JSON_COLUMNS = ["phones", "emails", "messengers", "address", "consent"] as const;

const SIMPLE: Array<[keyof ContactValues, string]> = [
  ["firstName", "first_name"],
  ["lastName", "last_name"],
  ["middleName", "middle_name"],
  ["position", "position"],
  ["birthday", "birthday"],
  ["notes", "notes"],
  ["preferredChannel", "preferred_channel"],
  ["language", "language"],
  ["source", "source"],
];

/** A contact's display name from its parts (also what duplicate checks compare). */
export const displayName = (first?: string | null, middle?: string | null, last?: string | null) =>
  [first, middle, last]
    .filter((p) => p?.trim())
    .join(" ")
    .slice(0, 400);

/** "Ivan Petrov" → first + last; "Ivan Ivanovich Petrov" → first + middle + last; one word → first. */
export function splitFullName(full: string): [string | undefined, string | undefined, string | undefined] {
  const words = full.split(/\s+/).filter(Boolean);
  if (words.length === 1) return [words[0], undefined, undefined];
  if (words.length === 2) return [words[0], undefined, words[1]];
  return [words[0], words.slice(1, -1).join(" "), words.at(-1)];
}

/**
 * Consent given now merged into the stored one: a kind left out stays; a changed grant is dated now with
 * `origin` (manual, import…) unless the input dates it; an unchanged grant keeps when and where it was given.
 */
export function mergeConsent(
  current: Consent,
  input: ConsentInput | undefined,
  origin: string,
  now: Date = new Date(),
): Consent {
  const out: Consent = { ...current };
  for (const k of ["emailMarketing", "smsMarketing"] as const) {
    const g = input?.[k];
    if (!g) continue;
    const changed = current[k]?.granted !== g.granted;
    out[k] = {
      granted: g.granted,
      at: g.at ?? (changed ? now.toISOString() : (current[k]?.at ?? null)),
      origin: g.origin ?? (changed ? origin : (current[k]?.origin ?? null)),
    };
  }
  return out;
}

/**
 * The columns a write stores for the values present in `input` (`undefined` = unchanged, `null` = cleared),
 * with the derived ones: `name` from the name parts (the stored parts fill in those not given), `city` from
 * the address, the phone and email search columns, consent merged into the stored one. jsonb values are
 * returned as objects; a missing name is reported in `errors`.
 */
export function contactColumns(
  input: ContactValues,
  opts: { current?: StoredContact | undefined; consentOrigin: string; now?: Date },
  errors: FieldError[],
): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  const { current } = opts;
  for (const [key, column] of SIMPLE) if (input[key] !== undefined) v[column] = input[key] ?? null;
  if (input.externalId !== undefined) v.external_id = input.externalId || null;
  const first = input.firstName !== undefined ? input.firstName : current?.first_name;
  const middle = input.middleName !== undefined ? input.middleName : current?.middle_name;
  const last = input.lastName !== undefined ? input.lastName : current?.last_name;
  const name = displayName(first, middle, last);
  if (!name) errors.push({ field: "firstName", message: "Give a first or a last name.", code: "required" });
  v.name = name || "-";
  if (input.tags) v.tags = normalizeTagList(input.tags);
  if (input.messengers) v.messengers = input.messengers;
  if (input.address !== undefined) {
    v.address = input.address;
    v.city = input.address?.city ?? null;
  }
  if (input.consent) {
    v.consent = mergeConsent(
      (current?.consent as Consent) ?? {},
      input.consent,
      opts.consentOrigin,
      opts.now,
    );
  }
  if (input.phones) Object.assign(v, { phones: input.phones, ...phoneSearchColumns(input.phones) });
  if (input.emails) {
    const emails = normalizeEmails(input.emails);
    Object.assign(v, { emails, email_values: emailValues(emails) });
  }
  return v;
}
