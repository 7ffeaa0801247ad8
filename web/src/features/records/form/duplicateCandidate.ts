import { checkableCandidate, type DuplicateCandidate } from "../DuplicateHint";
import type { FormPart, FormValues } from "./spec";

type Row = Record<string, string>;
const list = (value: unknown) => (Array.isArray(value) ? (value as Row[]) : []);
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** Form keys (fields or blocks) the duplicate check reads. */
const READ = new Set(["name", "firstName", "middleName", "lastName", "phones", "emails", "taxIds"]);

/**
 * What a create form holds that the server's duplicate check compares (`POST /api/v1/duplicates/check`): the
 * name or its parts, phones as typed, emails, tax ids, and the city and country of the first address with a
 * city. The same for every entity whose definition declares `duplicateCheck` (a key the form lacks is left out,
 * so a strict candidate never gets a part its entity does not take). Null: nothing worth checking yet.
 */
export function formCandidate(v: FormValues): DuplicateCandidate | null {
  const addresses = list(v.addresses);
  const address = addresses.find((a) => a.city?.trim()) ?? addresses[0];
  return checkableCandidate({
    name: text(v.name),
    firstName: text(v.firstName),
    middleName: text(v.middleName),
    lastName: text(v.lastName),
    city: address?.city ?? null,
    country: address?.country ?? null,
    phones: list(v.phones).map((phone) => phone.raw ?? ""),
    emails: list(v.emails).map((email) => email.value ?? ""),
    taxIds: list(v.taxIds).map((x) => ({ kind: x.kind ?? "", value: x.value ?? "" })),
  });
}

/** Where the hint goes: after the last part holding a value the check reads (it follows what was typed). */
export function duplicateHintIndex(parts: readonly FormPart[]): number {
  const reads = (part: FormPart) =>
    ("fields" in part && part.fields.some((key) => READ.has(key))) ||
    ("block" in part && READ.has(part.block.key));
  const last = parts.findLastIndex(reads);
  return last === -1 ? parts.length - 1 : last;
}
