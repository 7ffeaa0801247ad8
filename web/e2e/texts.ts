import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toSerbianLatinTree } from "../src/i18n/serbianLatin";
import { WEB_DIR } from "./config";

type Tree = { [key: string]: string | Tree };
export type Language = "en" | "ru" | "kk" | "sr" | "sr-Latn";

const trees = new Map<Language, Tree>();

function tree(language: Language): Tree {
  let found = trees.get(language);
  if (!found) {
    const file = language === "sr-Latn" ? "sr" : language;
    const raw = JSON.parse(
      readFileSync(join(WEB_DIR, "src", "i18n", "locales", `${file}.json`), "utf8"),
    ) as Tree;
    found = language === "sr-Latn" ? toSerbianLatinTree(raw) : raw;
    trees.set(language, found);
  }
  return found;
}

/**
 * The interface text of `key` in `language`, read from the app's own resources (sr-Latn generated from sr the
 * way the app does), so a test finds buttons and labels in every language without a copy of the texts.
 */
export function text(language: Language, key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = tree(language);
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") throw new Error(`No text ${key} in ${language}`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** The resources' top-level namespaces: `namespace.key` in a page's text is an untranslated key. */
export function namespaces(): string[] {
  return Object.keys(tree("en"));
}
