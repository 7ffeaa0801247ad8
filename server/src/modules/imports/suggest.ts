/**
 * Suggests which field a column fills from its header, in English, Russian, Serbian (Cyrillic and Latin) and
 * Kazakh. Concepts name the field keys they may be called in an entity (matched case- and underscore-
 * insensitively); headers also match a field's own key or label, which covers custom fields.
 */
import { BASE_CONCEPTS } from "./suggest-concepts.js";
import { MORE_CONCEPTS } from "./suggest-fields.js";

const CONCEPTS = [...BASE_CONCEPTS, ...MORE_CONCEPTS];

export interface SuggestableField {
  key: string;
  label?: string;
  /** Keys a concept may name it by besides its own (`EntityImport` targets' `aliases`). */
  aliases?: readonly string[];
}

export function normalizeHeader(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s_\-.:/*()]+/g, " ")
    .trim();
}

const compact = (s: string) => normalizeHeader(s).replace(/ /g, "");

/**
 * Column index → field key for the headers it recognises; a field is suggested for one column at most.
 * A field's aliases answer for it (a "Company" column is a company's own name when the entity's name target
 * says so). Numbered headers ("Phone 1", "Телефон 2", "E-mail 2") take the concept's n-th field when free.
 */
export function suggestMapping(headers: string[], fields: SuggestableField[]): Record<string, string> {
  const byCompactKey = new Map(fields.map((f) => [compact(f.key), f.key]));
  for (const f of fields) {
    for (const alias of f.aliases ?? []) if (!byCompactKey.has(alias)) byCompactKey.set(alias, f.key);
  }
  const taken = new Set<string>();
  const out: Record<string, string> = {};
  headers.forEach((header, index) => {
    const h = normalizeHeader(header);
    if (!h) return;
    const numbered = /^(.*\D) ?([1-9])$/.exec(h);
    const key =
      directMatch(h, fields) ??
      conceptMatch(h, byCompactKey, taken) ??
      (numbered?.[1]
        ? conceptMatch(numbered[1].trim(), byCompactKey, taken, Number(numbered[2]))
        : undefined);
    if (key && !taken.has(key)) {
      taken.add(key);
      out[String(index)] = key;
    }
  });
  return out;
}

function directMatch(h: string, fields: SuggestableField[]): string | undefined {
  return fields.find(
    (f) => compact(f.key) === h.replace(/ /g, "") || (f.label && normalizeHeader(f.label) === h),
  )?.key;
}

function conceptMatch(
  h: string,
  byCompactKey: Map<string, string>,
  taken: Set<string>,
  nth?: number,
): string | undefined {
  for (const c of CONCEPTS) {
    if (!c.headers.some((x) => normalizeHeader(x) === h)) continue;
    const keys = c.keys;
    // "Phone 2" takes the concept's second field or a later one, never the first ("Address 2" is no address).
    const present = keys.flatMap((k) => byCompactKey.get(k) ?? []).slice(nth ? nth - 1 : 0);
    const free = present.find((key) => !taken.has(key));
    if (free) return free;
  }
  return undefined;
}
