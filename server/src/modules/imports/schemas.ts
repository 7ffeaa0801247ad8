import { z } from "zod";
import { type EntityCatalog, entityEnum } from "../../platform/records/catalog.js";
import type { ImportRow } from "./repository.js";
import { DELIMITER_PATTERN } from "./sources/delimiter.js";

/** The import targets: entities declaring how they import (`capabilities.import`, an `EntityImport`). */
export function importTargets(entities: EntityCatalog) {
  return entityEnum(entities, "import");
}
export const delimiter = z
  .string()
  .length(1, "Use exactly one character.")
  .regex(DELIMITER_PATTERN, "Use one character that is not a letter, digit, quote or space (or a tab).")
  .describe("One character: , ; TAB | : ^ or any other symbol that is not a letter, digit, quote or space");
export const encoding = z.string().min(2).max(40);

export const importOptions = z.strictObject({
  duplicatePolicy: z.enum(["skip", "update", "create"]),
  skipInvalidRows: z.boolean(),
  matchKey: z.enum(["email", "phone", "taxId", "name", "externalId"]),
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, "Use an ISO 3166-1 alpha-2 code such as US, RU, RS, KZ.")
    .nullable()
    .optional()
    .describe(
      "ISO 3166-1 alpha-2 country phone numbers without a country code are read in (a mapped Country column overrides it per row); pre-filled from the workspace's country",
    ),
  invalidValues: z
    .enum(["rejectRow", "dropValue"])
    .optional()
    .describe(
      "rejectRow (default): a row with an invalid value is invalid (skipped or stopping the import, see skipInvalidRows); dropValue: the row is imported without the invalid value, reported per cell (kind `dropped`), unless the field is required",
    ),
  invalidPhones: z
    .enum(["reject", "keepAsText"])
    .optional()
    .describe(
      "reject (default): an impossible phone number is an invalid value; keepAsText: it is stored as typed without E.164, reported per cell (kind `kept`)",
    ),
  missingCompanies: z
    .enum(["refuse", "create"])
    .optional()
    .describe(
      "Contacts with a Company column: refuse (imports made before the option) — a row naming no existing company is invalid; create (the default when the importer may create companies) — link to existing companies by name (case and ё/е folded like search) or tax ID and create the missing ones, once per name in the file, with website and city from `company.website`/`company.city`",
    ),
  dateOrder: z
    .record(z.string().regex(/^\d{1,4}$/), z.enum(["dayFirst", "monthFirst"]))
    .optional()
    .describe(
      "Column index → how its dates like 08/07/2020 read (default dayFirst; YYYY-MM-DD always reads the same)",
    ),
});

export const uploadQuery = (entity: ReturnType<typeof importTargets>) =>
  z.strictObject({
    entity,
    fileName: z.string().min(1).max(255).optional(),
  });

export const previewQuery = z.strictObject({
  encoding: encoding.optional(),
  delimiter: delimiter.optional(),
});

export const mappingBody = z.strictObject({
  /** Column index (0-based, as a string) → field key. */
  mapping: z.record(z.string().regex(/^\d{1,4}$/), z.string().min(1).max(100)),
  encoding: encoding.optional(),
  delimiter: delimiter.optional(),
  options: importOptions.partial().optional(),
});

const counts = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  duplicates: z.number().int(),
  toCreate: z.number().int(),
  toUpdate: z.number().int(),
  toSkip: z.number().int(),
  companiesToCreate: z
    .number()
    .int()
    .optional()
    .describe("Contacts with `missingCompanies: create`: companies the import would create"),
});

/** An import as its creator sees it; `entity` is one of the import targets (`importTargets`). */
export const importSchemaFor = (entity: ReturnType<typeof importTargets>) =>
  z.object({
    id: z.uuid(),
    entity,
    status: z.enum([
      "uploaded",
      "validating",
      "validated",
      "queued",
      "running",
      "completed",
      "failed",
      "reverting",
      "reverted",
    ]),
    fileName: z.string(),
    fileKind: z.enum(["csv", "xlsx", "vcf"]),
    detectedEncoding: z.string(),
    detectedDelimiter: z.string(),
    encoding: z.string(),
    delimiter: z.string(),
    headers: z.array(z.string()),
    mapping: z.record(z.string(), z.string()),
    options: importOptions,
    dryRun: counts.nullable(),
    /**
     * The run's progress. While `validating` (the dry run), `processed` counts the rows checked so far, `failed`
     * the invalid ones among them and `checkedPercent` the share of the file checked.
     */
    progress: z.object({
      total: z.number().int(),
      processed: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
      companiesCreated: z
        .number()
        .int()
        .describe("Companies created for the Company column of a contacts import"),
      checkedPercent: z.number().int().min(0).max(100),
    }),
    error: z.string().nullable(),
    searchCatchingUp: z
      .boolean()
      .describe(
        "A large run writes its records first and enters them into global search right after, in the background: true until search finds them (filters and duplicate checks find them at once)",
      ),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    revertedAt: z.string().nullable(),
  });

export const previewSchema = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  detectedEncoding: z.string(),
  detectedDelimiter: z.string(),
  headers: z.array(z.string()),
  rows: z.array(z.object({ rowNumber: z.number().int(), cells: z.array(z.string()) })),
  mapping: z.record(z.string(), z.string()),
  dateOrders: z
    .record(z.string(), z.enum(["dayFirst", "monthFirst", "ambiguous"]))
    .describe(
      "Column index → how its sample's D/M/YYYY-shaped dates read; ambiguous: ask the user once and send options.dateOrder",
    ),
  fields: z.array(z.object({ key: z.string(), label: z.string(), type: z.string(), custom: z.boolean() })),
  newFieldTypes: z
    .record(z.string(), z.enum(["number", "date", "email", "url", "phone", "boolean", "longText", "text"]))
    .describe(
      "Column index → the custom field type its sample fits, for creating a field for an unmapped column",
    ),
});

export const mappingCheckBody = z.strictObject({
  mapping: mappingBody.shape.mapping,
  encoding: encoding.optional(),
  delimiter: delimiter.optional(),
  options: importOptions.pick({ defaultCountry: true, dateOrder: true }).partial().optional(),
});

export const mappingCheckSchema = z.object({
  checkedRows: z.number().int().describe("Rows of the file checked (the first 200)"),
  warnings: z.array(
    z.object({
      column: z.string(),
      field: z.string(),
      code: z
        .enum(["invalidValues", "manyValues"])
        .describe(
          "invalidValues: cells the field refuses (text into a number, date or choice field…); manyValues: cells with several values for a field that holds one",
        ),
      checked: z.number().int().describe("Non-empty cells of the column among the rows checked"),
      count: z.number().int(),
      example: z.string().describe("The first such cell, as in the file"),
    }),
  ),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentImport(
  r: ImportRow,
  searchCatchingUp = false,
): z.infer<ReturnType<typeof importSchemaFor>> {
  return {
    id: r.id,
    entity: r.entity,
    status: r.status,
    fileName: r.file_name,
    fileKind: r.file_kind as "csv",
    detectedEncoding: r.detected_encoding,
    detectedDelimiter: r.detected_delimiter,
    encoding: r.encoding,
    delimiter: r.delimiter,
    headers: r.headers,
    mapping: r.mapping,
    options: r.options,
    dryRun: r.dry_run,
    progress: {
      total: r.total_rows,
      processed: r.processed,
      created: r.created,
      updated: r.updated,
      skipped: r.skipped,
      failed: r.failed,
      companiesCreated: r.companies_created,
      checkedPercent: r.checked_percent,
    },
    error: r.error,
    searchCatchingUp,
    createdAt: r.created_at.toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    revertedAt: iso(r.reverted_at),
  };
}

export const errorsPageSchema = z.object({
  items: z.array(
    z.object({
      row: z.number().int().describe("Row number in the file (the header is row 1)"),
      column: z.string(),
      value: z.string().describe("The cell as it was in the file (long values cut at 200 characters)"),
      reason: z.string(),
      kind: z
        .string()
        .describe(
          "invalid: the row was refused; dropped: imported without the value; kept: phone kept as text; duplicate, skipped",
        ),
    }),
  ),
  nextCursor: z.string().nullable(),
});
