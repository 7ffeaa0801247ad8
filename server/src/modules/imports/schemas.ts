import { z } from "zod";
import { type EntityCatalog, entityEnum } from "../../platform/records/catalog.js";
import { IMPORT_ENTITIES } from "./fields.js";
import type { ImportRow } from "./repository.js";
import { DELIMITER_PATTERN } from "./sources/delimiter.js";

/** The entities the import pipeline has writers for (`fields.ts`); import targets are checked against it. */
export const importEntity = z.enum(IMPORT_ENTITIES as unknown as ["companies", "contacts", "deals"]);

/**
 * The import targets: entities declaring the import capability. Each must be one the pipeline can write, so a
 * definition promising an import the pipeline cannot do fails at start.
 */
export function importTargets(entities: EntityCatalog) {
  const targets = entities.names("import");
  const unknown = targets.filter((e) => !(IMPORT_ENTITIES as readonly string[]).includes(e));
  if (unknown.length > 0)
    throw new Error(`Import declared for ${unknown.join(", ")}, which the importer cannot write`);
  return entityEnum(entities, "import") as unknown as typeof importEntity;
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
  matchKey: z.enum(["email", "phone", "taxId", "name"]),
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
  dateOrder: z
    .record(z.string().regex(/^\d{1,4}$/), z.enum(["dayFirst", "monthFirst"]))
    .optional()
    .describe(
      "Column index → how its dates like 08/07/2020 read (default dayFirst; YYYY-MM-DD always reads the same)",
    ),
});

export const uploadQuery = (entity: typeof importEntity) =>
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
});

export const importSchema = z.object({
  id: z.uuid(),
  entity: importEntity,
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
    checkedPercent: z.number().int().min(0).max(100),
  }),
  error: z.string().nullable(),
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
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentImport(r: ImportRow): z.infer<typeof importSchema> {
  return {
    id: r.id,
    entity: r.entity as z.infer<typeof importEntity>,
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
      checkedPercent: r.checked_percent,
    },
    error: r.error,
    createdAt: r.created_at.toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    revertedAt: iso(r.reverted_at),
  };
}
