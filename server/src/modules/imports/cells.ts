import type { CountryCode } from "libphonenumber-js";
import type { Values } from "./builder.js";
import type { ImportField } from "./fields.js";
import type { ImportJob } from "./import-job.js";
import { dropsInvalid, type ImportSettings } from "./options.js";
import { PhoneCache } from "./phone-cache.js";
import { problem, type RowProblem } from "./problems.js";
import type { SourceRow } from "./sources/rows.js";
import { parseCell } from "./validate.js";

export interface MappedColumn {
  index: number;
  field: ImportField;
}

/**
 * Reads the mapped cells of a row into values by import key with the field rules of `validate.ts`. A mapped
 * Country column reads the phone numbers of its row, so it is read before the other cells.
 */
export class CellReader {
  readonly mapped: MappedColumn[];
  private readonly inOrder: MappedColumn[];
  private readonly monthFirst: Set<number>;
  private readonly phones = new PhoneCache();
  headers: string[] | null = null;

  constructor(
    private readonly job: ImportJob,
    fields: ImportField[],
    private readonly settings: ImportSettings,
    private readonly region: CountryCode | undefined,
  ) {
    const byKey = new Map(fields.map((f) => [f.key, f]));
    this.mapped = Object.entries(job.mapping)
      .map(([col, key]) => ({ index: Number(col), field: byKey.get(key) }))
      .filter((m): m is MappedColumn => m.field !== undefined);
    const country = this.mapped.find((m) => m.field.kind === "country");
    this.inOrder = country ? [country, ...this.mapped.filter((m) => m !== country)] : this.mapped;
    this.monthFirst = new Set(
      Object.entries(settings.dateOrder ?? {}).flatMap(([col, order]) =>
        order === "monthFirst" ? [Number(col)] : [],
      ),
    );
  }

  /** The row's values, or null when an invalid value rejects the row; cell problems are appended. */
  read(row: SourceRow, problems: RowProblem[]): Values | null {
    const values: Values = {};
    let valid = true;
    for (const { index, field } of this.inOrder) {
      const cell = row.cells[index] ?? "";
      if (cell.trim() === "") continue;
      const rowRegion = (values.country as CountryCode | undefined) ?? this.region;
      const r = parseCell(field, cell, {
        region: rowRegion,
        monthFirst: this.monthFirst.has(index),
        serialDates: this.job.fileKind === "xlsx",
        phones: this.phones,
      });
      if (r.ok) values[field.key] = r.value;
      else if (field.kind === "phone" && this.settings.invalidPhones === "keepAsText") {
        values[field.key] = { raw: cell.trim(), e164: null };
        problems.push(problem(row.rowNumber, this.column(index, field.key), cell, r.reason, "kept"));
      } else {
        const dropped = dropsInvalid(this.settings, this.job.entity, field.key);
        if (!dropped) valid = false;
        const kind = dropped ? "dropped" : "invalid";
        problems.push(problem(row.rowNumber, this.column(index, field.key), cell, r.reason, kind));
      }
    }
    return valid ? values : null;
  }

  /** A problem refusing the row for `field`, reported against the column mapped to it (if any). */
  refusal(row: SourceRow | undefined, field: string, reason: string, rowNumber = row?.rowNumber ?? 0) {
    const col = this.mapped.find((m) => m.field.key === field);
    const value = col && row ? (row.cells[col.index] ?? "") : "";
    return problem(rowNumber, col ? this.column(col.index, field) : field, value, reason, "invalid");
  }

  private column(index: number, key: string): string {
    return this.headers?.[index] ?? key;
  }
}
