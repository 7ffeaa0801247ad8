import { Liquid, type Template } from "liquidjs";
import { AppError, type FieldError } from "../errors.js";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "./locale.js";

/**
 * The message-template engine: liquidjs with strict variables and strict filters, no file system (include,
 * render and layout are removed, so a template cannot read anything but the values it is given), limits on
 * parse/render time and memory, and output HTML-escaped where the result is HTML. Templates are checked against
 * a variable schema when saved, so an unknown variable is an error with its line and column, never an empty gap
 * at send time.
 */

/** Allowed variables: namespace ("contact", "user") → the paths inside it ("firstName", "custom.size"). */
export type VariableSchema = ReadonlyMap<string, ReadonlySet<string>>;

export class TemplateInvalidError extends AppError {
  constructor(errors: FieldError[]) {
    super(422, "template_invalid", errors[0]?.message ?? "The template is invalid.", errors);
  }
}

/**
 * Trusted, already sanitized HTML (a user's signature): printed as is into HTML output and as its plain text
 * everywhere else (subjects, SMS). Every other value is escaped in HTML output.
 */
export class SafeHtml {
  constructor(
    readonly html: string,
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

function escapeHtml(value: unknown): string {
  if (value instanceof SafeHtml) return value.html;
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const REMOVED_TAGS = ["include", "render", "layout", "block"];
const LIMITS = { parseLimit: 200_000, renderLimit: 2_000, memoryLimit: 20_000_000 };

function engine(htmlOutput: boolean, language = "en", timeZone = "UTC"): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    templates: {},
    ...LIMITS,
    ...(htmlOutput ? { outputEscape: escapeHtml } : {}),
  });
  for (const t of REMOVED_TAGS) delete (liquid.tags as Record<string, unknown>)[t];
  liquid.registerFilter("format_date", (v: unknown, style?: unknown) =>
    formatDate(v, language, typeof style === "string" ? style : "medium", timeZone),
  );
  liquid.registerFilter("format_datetime", (v: unknown) => formatDateTime(v, language, timeZone));
  liquid.registerFilter("format_number", (v: unknown, digits?: unknown) =>
    formatNumber(v, language, typeof digits === "number" ? digits : undefined),
  );
  liquid.registerFilter("format_money", (v: unknown, currency?: unknown) =>
    formatMoney(v, language, currency),
  );
  return liquid;
}

const checker = engine(false);

function position(e: unknown): { line?: number; column?: number } {
  const pos = (e as { token?: { getPosition?: () => [number, number] } }).token?.getPosition?.();
  return pos ? { line: pos[0], column: pos[1] } : {};
}

function cleanMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/, line:\d+, col:\d+$/, "");
}

/**
 * Parses one source text (`field` names it in errors) and checks every variable it reads against `schema`.
 * Loop variables and `assign`/`capture` names are local and allowed. Returns the errors (empty when valid).
 */
export function checkSource(field: string, source: string, schema: VariableSchema): FieldError[] {
  let tpl: Template[];
  try {
    tpl = checker.parse(source);
  } catch (e) {
    const msg = cleanMessage(e);
    const code = /undefined filter/.test(msg) ? "template_unknown_filter" : "template_syntax";
    return [{ field, message: msg, code, ...position(e) }];
  }
  const errors: FieldError[] = [];
  const analysis = checker.analyzeSync(tpl);
  for (const [name, vars] of Object.entries(analysis.globals)) {
    for (const v of vars) {
      const segs = v.segments.map(String);
      const ns = schema.get(name);
      const path = segs.slice(1).join(".");
      const known = ns !== undefined && (path === "" ? false : ns.has(path));
      if (known) continue;
      errors.push({
        field,
        message: `Unknown variable: ${segs.join(".")}`,
        code: "template_unknown_variable",
        line: v.location.row,
        column: v.location.col,
      });
    }
  }
  return errors;
}

/** Every `namespace.path` the source reads (after `checkSource` passed). */
export function variablesOf(source: string): string[] {
  const analysis = checker.analyzeSync(checker.parse(source));
  return Object.values(analysis.globals).flatMap((vs) => vs.map((v) => v.segments.map(String).join(".")));
}

export interface RenderOptions {
  /** HTML output: every `{{ }}` output is escaped. */
  html: boolean;
  language: string;
  timeZone?: string;
}

/** Renders a checked source with the values (every namespace of the schema present, missing values null). */
export async function renderSource(
  field: string,
  source: string,
  values: Record<string, unknown>,
  opts: RenderOptions,
): Promise<string> {
  const liquid = engine(opts.html, opts.language, opts.timeZone);
  try {
    return await liquid.parseAndRender(source, values);
  } catch (e) {
    throw new TemplateInvalidError([
      { field, message: cleanMessage(e), code: "template_render", ...position(e) },
    ]);
  }
}
