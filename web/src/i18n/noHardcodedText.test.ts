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

const NOTIFICATION_CALL = /^notifications\.(show|update)$/;
const NOTIFICATION_TEXT = new Set(["message", "title"]);

/** String literals passed as `message:` / `title:` to `notifications.show(...)` (or `.update`). */
function findHardcodedNotifications(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && NOTIFICATION_CALL.test(node.expression.getText(source))) {
      for (const argument of node.arguments) {
        if (!ts.isObjectLiteralExpression(argument)) continue;
        for (const property of argument.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const name = property.name.getText(source);
          const value = property.initializer;
          if (
            NOTIFICATION_TEXT.has(name) &&
            (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) &&
            HAS_LETTERS.test(value.text)
          ) {
            const line = source.getLineAndCharacterOfPosition(property.getStart()).line + 1;
            findings.push(`${relative(srcDir, file)}:${line} ${name}: "${value.text}"`);
          }
        }
      }
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

  it("notifications get translated text, not string literals", () => {
    const findings = listFiles(srcDir, [".ts", ".tsx"]).flatMap((file) => findHardcodedNotifications(file));
    expect(findings).toEqual([]);
  });

  it("the notification check spots literal titles and messages", () => {
    const sample = `notifications.show({ color: "red", title: "Saved", message: \`Network error\` });
      notifications.show({ title: t("a.b"), message: item.title, color: "green" });`;
    expect(findHardcodedNotifications(join(srcDir, "sample.ts"), sample)).toEqual([
      'sample.ts:1 title: "Saved"',
      'sample.ts:1 message: "Network error"',
    ]);
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
