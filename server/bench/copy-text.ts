import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Bench only (`import-row-cost.ts`): rows written with `COPY … FROM STDIN` (text format) instead of a statement
 * that parses them from one JSON parameter. Measured on 7 Dec 2026: no cheaper for contacts (the jsonb columns
 * are parsed from text by COPY as well; see docs/PERFORMANCE.md, "Import: where a row's time goes"). `types` are the columns' `format_type`s (arrays, json/jsonb and
 * booleans are written in PostgreSQL's text forms; everything else as `String(value)`; `null`/`undefined` as
 * NULL) — the same values `jsonb_populate_recordset` would give the same row object.
 */
export function copyText(columns: string[], types: string[], rows: Record<string, unknown>[]): string {
  const kinds = types.map(kindOf);
  const parts: string[] = [];
  for (const row of rows) {
    let line = "";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += "\t";
      line += cell(row[columns[i] as string], kinds[i] as Kind);
    }
    parts.push(line);
  }
  return parts.length ? `${parts.join("\n")}\n` : "";
}

type Kind = "array" | "json" | "bool" | "scalar";

function kindOf(type: string): Kind {
  if (type.endsWith("[]")) return "array";
  if (type === "json" || type === "jsonb") return "json";
  if (type === "boolean") return "bool";
  return "scalar";
}

const SPECIAL = /[\\\n\r\t]/;
const escapeCopy = (s: string) =>
  SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] as string) : s;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function cell(value: unknown, kind: Kind): string {
  if (value === null || value === undefined) return "\\N";
  switch (kind) {
    case "json":
      return escapeCopy(JSON.stringify(value));
    case "bool":
      return value === true || value === "true" || value === "t" ? "t" : "f";
    case "array":
      return escapeCopy(arrayLiteral(value));
    default:
      return escapeCopy(scalar(value));
  }
}

function scalar(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A PostgreSQL array literal: every element double-quoted (backslash and quote escaped), NULL unquoted. */
function arrayLiteral(value: unknown): string {
  if (!Array.isArray(value)) throw new Error(`COPY: an array column was given ${typeof value}`);
  let out = "{";
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ",";
    const v = value[i];
    if (v === null || v === undefined) out += "NULL";
    else if (Array.isArray(v)) out += arrayLiteral(v);
    else out += `"${scalar(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  }
  return `${out}}`;
}

/** COPY `rows` into `table` (`columns` typed `types`) on `client`, in whatever transaction it is in. */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  types: string[],
  rows: Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(", ");
  return copyData(client, `copy ${table} (${cols}) from stdin`, copyText(columns, types, rows));
}

async function copyData(client: pg.ClientBase, statement: string, text: string): Promise<number> {
  const stream = client.query(copyFrom(statement));
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    stream.on("finish", resolve);
    stream.end(Buffer.from(text, "utf8"));
  });
  return stream.rowCount ?? 0;
}
