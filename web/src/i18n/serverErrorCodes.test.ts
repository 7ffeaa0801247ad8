import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GENERATED_FROM, LANGUAGE_CODES, type LanguageCode } from "./languages";

/**
 * Every stable `code` the server can answer (problem `code` and per-field `errors[].code`) must have an
 * `errors.<code>` text in every locale, so no user ever sees the server's English message. The codes are
 * read from the server's source at test time; a new code without translations fails here.
 */
const here = dirname(fileURLToPath(import.meta.url));
const serverSrc = join(here, "../../../server/src");
const localesDir = join(here, "locales");

/** Zod issue codes: `http/problem.ts` passes a schema failure's issue code on as the field error's code. */
const ZOD_CODES = [
  "invalid_type",
  "too_big",
  "too_small",
  "invalid_format",
  "not_multiple_of",
  "invalid_union",
  "invalid_key",
  "invalid_element",
  "invalid_value",
];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "test" && name !== "node_modules") sourceFiles(path, out);
    } else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** The top-level arguments of the call whose "(" is at `open`, as source text (strings and nesting kept). */
function callArguments(source: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = "";
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const char = source[i] ?? "";
    if (quote) {
      current += char;
      if (char === "\\") current += source[++i] ?? "";
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") {
      quote = char;
      current += char;
      continue;
    }
    if ("([{".includes(char)) {
      depth += 1;
      if (depth === 1) continue;
    } else if (")]}".includes(char)) {
      depth -= 1;
      if (depth === 0) {
        if (current.trim()) args.push(current.trim());
        return args;
      }
    } else if (char === "," && depth === 1) {
      args.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  return args;
}

/** Calls that take a code, with the position of the code argument. */
const CODE_CALLS: Array<[RegExp, number]> = [
  [/new (?:ConflictError|BadRequestError|ForbiddenError|UnauthorizedError)\(/g, 0],
  [/new (?:AppError|TooManyRequestsError)\(/g, 1],
  [/\bsuper\((?=\s*\d{3}\s*,)/g, 1],
  [/ValidationError\.field\(/g, 2],
  [/\bproblem\((?=\s*\d{3}\s*,)/g, 1],
];
const CODE_LITERALS = [/\bcode:\s*"([a-z][a-z0-9_]*)"/g, /\bcode = "([a-z][a-z0-9_]*)"/g];
const LITERAL = /^"([a-z][a-z0-9_]*)"$/;

function extractCodes(source: string): { codes: string[]; dynamic: string[] } {
  const codes = new Set<string>();
  const dynamic: string[] = [];
  for (const pattern of CODE_LITERALS)
    for (const match of source.matchAll(pattern)) codes.add(match[1] ?? "");
  for (const [pattern, position] of CODE_CALLS) {
    for (const match of source.matchAll(pattern)) {
      const args = callArguments(source, (match.index ?? 0) + match[0].length - 1);
      const arg = args[position];
      if (arg === undefined) continue; // the constructor's default code, found by `code = "…"`
      const literal = LITERAL.exec(arg);
      if (literal?.[1]) codes.add(literal[1]);
      else dynamic.push(arg);
    }
  }
  return { codes: [...codes], dynamic };
}

type Tree = { [key: string]: string | Tree };
/** Generated languages (sr-Latn) are their source's file transliterated: the same keys. */
const errorsOf = (language: LanguageCode) =>
  (
    JSON.parse(readFileSync(join(localesDir, `${GENERATED_FROM[language] ?? language}.json`), "utf8")) as {
      errors: Tree;
    }
  ).errors;

const found = new Map<string, string>();
const dynamicArgs: string[] = [];
for (const file of sourceFiles(serverSrc)) {
  const { codes, dynamic } = extractCodes(readFileSync(file, "utf8"));
  for (const code of codes) if (!found.has(code)) found.set(code, relative(serverSrc, file));
  dynamicArgs.push(...dynamic.map((arg) => `${relative(serverSrc, file)}: ${arg}`));
}
for (const code of ZOD_CODES) found.set(code, "zod issue code");
// `ctx.addIssue({ code: "custom", message })` is zod's refinement issue, not a stable code: each carries its own
// specific message, which the web shows as sent.
found.delete("custom");

describe("server error codes", () => {
  it("finds the server's codes (the extraction itself works)", () => {
    expect(found.size).toBeGreaterThan(100);
    for (const code of [
      "email_taken",
      "invalid_phone",
      "lost_reason_required",
      "in_past",
      "unauthenticated",
    ]) {
      expect(found.has(code), code).toBe(true);
    }
  });

  it("extracts literal codes from every form the server uses", () => {
    const source = `
      throw new ConflictError(
        "pipeline_not_empty", "Move deals first.");
      throw new AppError(409, "user_inactive", \`User \${id}, gone\`);
      throw ValidationError.field("a", fn("x", "y"), "in_past");
      errors.push({ field, message: "m", code: "invalid_phone" });
      super(413, "file_too_large", "…");
      constructor(code = "too_many_attempts") {}
      throw new UnauthorizedError();
      throw new ForbiddenError(variable);`;
    const { codes, dynamic } = extractCodes(source);
    expect(codes.sort()).toEqual(
      [
        "file_too_large",
        "in_past",
        "invalid_phone",
        "pipeline_not_empty",
        "too_many_attempts",
        "user_inactive",
      ].sort(),
    );
    expect(dynamic).toEqual(["variable"]);
  });

  it("passes codes only as literals, so the list above is complete", () => {
    // The error classes forward their `code` parameter (whose defaults are literals), and problem.ts forwards a
    // unique violation's ValidationError, whose codes are literals elsewhere.
    const forwarding = new Set(["platform/errors.ts: code", "platform/http/problem.ts: unique.code"]);
    expect(dynamicArgs.filter((arg) => !forwarding.has(arg))).toEqual([]);
  });

  it.each(LANGUAGE_CODES)("%s translates every server code", (language) => {
    const errors = errorsOf(language);
    const missing = [...found].filter(([code]) => typeof errors[code] !== "string");
    expect(missing.map(([code, file]) => `errors.${code} (${file})`)).toEqual([]);
  });
});
