import type { CountryCode } from "libphonenumber-js";
import type { RequestContext } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import { ValidationError } from "../../platform/errors.js";
import { countryCode } from "../../platform/records/countries.js";
import { type ImportEntity, type ImportField, type ImportKind, importFields } from "./fields.js";
import type { ImportSettings } from "./options.js";
import { findImport } from "./repository.js";
import { sample } from "./service.js";
import { isSupportedEncoding } from "./sources/encoding.js";
import type { SourceFormat } from "./sources/rows.js";
import { parseCell } from "./validate.js";

/**
 * What the mapping step shows before a dry run: per mapped column, whether the file's sample fits the chosen
 * field (text into a number, date or choice field; several values in a cell for a field that holds one), and
 * for unmapped columns the custom field type their values would fit, so the user can create one in one click.
 */
export interface ColumnWarning {
  column: string;
  field: string;
  /** invalidValues: cells the field refuses; manyValues: cells holding several values for a one-value field. */
  code: "invalidValues" | "manyValues";
  /** Non-empty sample cells of the column and how many of them the warning concerns. */
  checked: number;
  count: number;
  /** The first such cell, as it is in the file. */
  example: string;
}

export interface CheckContext {
  region?: CountryCode | undefined;
  dateOrder?: Record<string, "dayFirst" | "monthFirst"> | undefined;
  serialDates?: boolean | undefined;
}

/** Kinds that hold one value, where `a@x.com, b@y.com` in one cell is two values, not one. */
const SINGLE: ReadonlySet<ImportKind> = new Set(["email", "phone", "url", "user", "contact", "select"]);
const SEPARATORS = /\s*(?:[,;|\n]|\s\/\s)\s*/;

/** Warnings for the mapped columns over sample rows (cells by column index). */
export function checkMapping(
  fields: readonly ImportField[],
  rows: readonly { cells: readonly string[] }[],
  mapping: Record<string, string>,
  ctx: CheckContext = {},
): ColumnWarning[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const warnings: ColumnWarning[] = [];
  // A mapped Country column reads the row's phone numbers, as in the import.
  const countryColumn = Object.entries(mapping).find(([, key]) => byKey.get(key)?.kind === "country")?.[0];
  const regionOf = (cells: readonly string[]) =>
    (countryColumn && (countryCode(cells[Number(countryColumn)] ?? "") as CountryCode | null)) || ctx.region;
  for (const [column, key] of Object.entries(mapping)) {
    const field = byKey.get(key);
    if (!field) continue;
    let checked = 0;
    const many: string[] = [];
    const invalid: string[] = [];
    for (const row of rows) {
      const cell = row.cells[Number(column)] ?? "";
      if (cell.trim() === "") continue;
      checked++;
      const cellCtx = {
        region: regionOf(row.cells),
        monthFirst: ctx.dateOrder?.[column] === "monthFirst",
        serialDates: ctx.serialDates,
      };
      if (SINGLE.has(field.kind) && severalValues(field, cell, cellCtx)) many.push(cell);
      else if (!parseCell(field, cell, cellCtx).ok) invalid.push(cell);
    }
    for (const [code, hits] of [
      ["manyValues", many],
      ["invalidValues", invalid],
    ] as const) {
      const example = hits[0];
      if (example !== undefined) {
        warnings.push({ column, field: key, code, checked, count: hits.length, example });
      }
    }
  }
  return warnings;
}

function severalValues(field: ImportField, cell: string, ctx: Parameters<typeof parseCell>[2]): boolean {
  const parts = cell.split(SEPARATORS).filter((p) => p.trim() !== "");
  return parts.length > 1 && parts.every((p) => parseCell(field, p, ctx).ok);
}

/** Custom field types a new field for an unmapped column may get, most specific first. */
export type NewFieldType = "number" | "date" | "email" | "url" | "phone" | "boolean" | "longText" | "text";

const PROBES: readonly [NewFieldType, ImportField][] = [
  ["boolean", { key: "_", label: "", kind: "boolean" }],
  ["number", { key: "_", label: "", kind: "number" }],
  ["date", { key: "_", label: "", kind: "date" }],
  ["email", { key: "_", label: "", kind: "email" }],
  ["phone", { key: "_", label: "", kind: "phone" }],
];

/**
 * The custom field type the sample of a column fits: the first probe every non-empty cell passes (a URL only
 * with a scheme or `www.`, so plain words are not web addresses), long text for cells over 200 characters or
 * with line breaks, else text. Columns of ids and codes (digits with leading zeros) stay text.
 */
export function inferFieldType(cells: readonly string[], ctx: CheckContext = {}): NewFieldType {
  const values = cells.map((c) => c.trim()).filter(Boolean);
  if (values.length === 0) return "text";
  if (values.some((v) => v.length > 200 || v.includes("\n"))) return "longText";
  if (values.every((v) => /^(https?:\/\/|www\.)\S+\.\S+$/i.test(v))) return "url";
  const leadingZeros = values.some((v) => /^0\d/.test(v));
  for (const [type, probe] of PROBES) {
    if (type === "number" && leadingZeros) continue;
    if (type === "boolean" && values.some((v) => /^\d+$/.test(v) && v !== "0" && v !== "1")) continue;
    if (type === "boolean" && values.every((v) => v === "0" || v === "1")) continue;
    const fits = (monthFirst: boolean) =>
      values.every((v) => parseCell(probe, v, { region: ctx.region, monthFirst }).ok);
    if (fits(false) || (type === "date" && fits(true))) return type;
  }
  return "text";
}

/** Rows of the file a mapping check reads (the preview shows 20). */
const CHECK_ROWS = 200;

/** The warnings of a mapping the user has not saved yet, over the first rows of the file. */
export async function checkImportMapping(
  db: Database,
  ctx: RequestContext,
  id: string,
  input: {
    mapping: Record<string, string>;
    encoding?: string | undefined;
    delimiter?: string | undefined;
    options?: Pick<Partial<ImportSettings>, "defaultCountry" | "dateOrder"> | undefined;
  },
): Promise<{ checkedRows: number; warnings: ColumnWarning[] }> {
  const imp = await findImport(db, ctx.actor, id);
  if (input.encoding && !isSupportedEncoding(input.encoding)) {
    throw ValidationError.field("body.encoding", "Unknown encoding.");
  }
  const format: SourceFormat = {
    kind: imp.file_kind as SourceFormat["kind"],
    encoding: input.encoding ?? imp.encoding,
    delimiter: input.delimiter ?? imp.delimiter,
  };
  const { rows } = await sample(db, imp.file_id, format, CHECK_ROWS);
  const fields = await importFields(db, ctx.actor, imp.entity as ImportEntity);
  const stored = imp.options as Partial<ImportSettings>;
  const country =
    input.options?.defaultCountry !== undefined ? input.options.defaultCountry : stored.defaultCountry;
  const warnings = checkMapping(fields, rows, input.mapping, {
    region: (country ?? undefined) as CountryCode | undefined,
    dateOrder: input.options?.dateOrder ?? stored.dateOrder,
    serialDates: imp.file_kind === "xlsx",
  });
  return { checkedRows: rows.length, warnings };
}
