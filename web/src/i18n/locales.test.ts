import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LANGUAGE_CODES } from "./languages";

type Tree = { [key: string]: string | Tree };
const dir = join(dirname(fileURLToPath(import.meta.url)), "locales");
const load = (language: string): Tree =>
  JSON.parse(readFileSync(join(dir, `${language}.json`), "utf8")) as Tree;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/** Plural forms differ per language (en: one/other, ru: one/few/many/other), so compare their base key. */
const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((key) => key.replace(PLURAL_SUFFIX, "")));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]).sort();

const english = flatten(load("en"));
const others = LANGUAGE_CODES.filter((code) => code !== "en");

describe("locale files", () => {
  it("exist for every supported language and nothing else", () => {
    const files = readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.replace(".json", ""));
    expect(files.sort()).toEqual([...LANGUAGE_CODES].sort());
  });

  it.each(LANGUAGE_CODES)("%s has no empty strings", (language) => {
    const empty = [...flatten(load(language))].filter(([, text]) => !text.trim()).map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it.each(others)("%s has exactly the keys of en", (language) => {
    const keys = baseKeys(flatten(load(language)).keys());
    const reference = baseKeys(english.keys());
    expect(
      [...reference].filter((key) => !keys.has(key)),
      `missing in ${language}`,
    ).toEqual([]);
    expect(
      [...keys].filter((key) => !reference.has(key)),
      `only in ${language}`,
    ).toEqual([]);
  });

  it.each(LANGUAGE_CODES)("%s has every plural form its language needs", (language) => {
    const entries = flatten(load(language));
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const plurals = new Set(
      [...entries.keys()]
        .filter((key) => PLURAL_SUFFIX.test(key))
        .map((key) => key.replace(PLURAL_SUFFIX, "")),
    );
    const missing = [...plurals].flatMap((base) =>
      categories
        .filter((category) => !entries.has(`${base}_${category}`))
        .map((category) => `${base}_${category}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(others)("%s keeps the interpolation placeholders of en", (language) => {
    const entries = flatten(load(language));
    const mismatched = [...entries]
      .filter(([key, text]) => {
        const reference = english.get(key) ?? english.get(key.replace(PLURAL_SUFFIX, "_other"));
        return reference !== undefined && placeholders(reference).join() !== placeholders(text).join();
      })
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });
});
