import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GENERATED_FROM, LANGUAGE_CODES, type LanguageCode } from "./languages";
import { toSerbianLatinTree } from "./serbianLatin";

type Tree = { [key: string]: string | Tree };
const dir = join(dirname(fileURLToPath(import.meta.url)), "locales");
const file = (language: string): Tree =>
  JSON.parse(readFileSync(join(dir, `${language}.json`), "utf8")) as Tree;
/** A language's resources as the app loads them: generated ones (sr-Latn) from their source file. */
const load = (language: LanguageCode): Tree => {
  const source = GENERATED_FROM[language];
  return source ? toSerbianLatinTree(file(source)) : file(language);
};
const withFiles = LANGUAGE_CODES.filter((code) => !GENERATED_FROM[code]);

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
  it("exist for every supported language that is not generated, and nothing else", () => {
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => name.replace(".json", ""));
    expect(files.sort()).toEqual([...withFiles].sort());
    expect(GENERATED_FROM["sr-Latn"]).toBe("sr");
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
