import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import en from "./locales/en.json";

const srcDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function listFiles(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test" ? [] : listFiles(path, extensions);
    return extensions.some((ext) => entry.name.endsWith(ext)) && !/\.test\.tsx?$/.test(entry.name)
      ? [path]
      : [];
  });
}

/** Attributes whose string values are read or shown to users. */
const TEXT_ATTRIBUTES = new Set([
  "label",
  "placeholder",
  "title",
  "aria-label",
  "description",
  "alt",
  "error",
]);
const HAS_LETTERS = /\p{L}/u;

function findHardcodedText(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const findings: string[] = [];
  const where = (node: ts.Node) =>
    `${relative(srcDir, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && HAS_LETTERS.test(node.text))
      findings.push(`${where(node)} text "${node.text.trim()}"`);
    if (
      ts.isJsxAttribute(node) &&
      TEXT_ATTRIBUTES.has(node.name.getText(source)) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      HAS_LETTERS.test(node.initializer.text)
    ) {
      findings.push(`${where(node)} ${node.name.getText(source)}="${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function translationKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (tree: object, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === "string") keys.add(path.replace(/_(zero|one|two|few|many|other)$/, ""));
      else if (typeof value === "object" && value !== null) walk(value, path);
    }
  };
  walk(en, "");
  return keys;
}

describe("user-facing text goes through i18next", () => {
  it("no JSX text or text attributes are hard-coded in .tsx files", () => {
    const findings = listFiles(srcDir, [".tsx"]).flatMap(findHardcodedText);
    expect(findings).toEqual([]);
  });

  it('every literal t("key") used in the source exists in en.json', () => {
    const keys = translationKeys();
    const missing = listFiles(srcDir, [".ts", ".tsx"]).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return [...text.matchAll(/\bt\(\s*"([\w.-]+)"/g)]
        .map((match) => match[1] ?? "")
        .filter((key) => !keys.has(key))
        .map((key) => `${relative(srcDir, file)}: ${key}`);
    });
    expect(missing).toEqual([]);
  });
});
