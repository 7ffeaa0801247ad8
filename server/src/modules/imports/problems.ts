import type { Database } from "../../platform/db/database.js";

/** One reported cell or row of an import (`import_errors`, the error report). */
export interface RowProblem {
  rowNumber: number;
  column: string;
  value: string;
  reason: string;
  /**
   * `dropped`: the row was imported without this invalid value (option `invalidValues: dropValue`); `kept`: an
   * impossible phone number kept as typed, without E.164 (option `invalidPhones: keepAsText`).
   */
  kind: "invalid" | "duplicate" | "skipped" | "dropped" | "kept";
}

/** A run met invalid rows it may not skip; the rows that were found invalid are in `problems`. */
export class InvalidRowsError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`Row ${problems[0]?.rowNumber ?? "?"} is no longer valid: ${problems[0]?.reason ?? ""}`);
  }
}

const MAX_VALUE = 200;

export function problem(
  rowNumber: number,
  column: string,
  value: string,
  reason: string,
  kind: RowProblem["kind"],
): RowProblem {
  const v = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}… (${value.length} characters)` : value;
  return { rowNumber, column, value: v, reason, kind };
}

export async function insertProblems(
  db: Pick<Database, "insertInto">,
  importId: string,
  problems: RowProblem[],
) {
  for (let i = 0; i < problems.length; i += 5000) {
    await db
      .insertInto("import_errors")
      .values(
        problems.slice(i, i + 5000).map((p) => ({
          import_id: importId,
          row_number: p.rowNumber,
          column_name: p.column,
          value: p.value,
          reason: p.reason,
          kind: p.kind,
        })),
      )
      .execute();
  }
}
