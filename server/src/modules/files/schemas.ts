import { z } from "zod";
import { BLOB_KINDS } from "../../platform/files/sniff.js";

const noControls = (s: string) => [...s].every((ch) => (ch.codePointAt(0) ?? 0) >= 0x20 && ch !== "\u007f");
export const fileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine(noControls, { message: "A file name cannot contain control characters (NUL, line breaks)." });

const recordType = z
  .string()
  .regex(/^[a-z_]{1,40}$/, "Use an entity name such as companies, contacts or deals.")
  .describe("An entity with the `files` capability (GET /api/v1/meta/entities)");

export const fileSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z
      .enum(BLOB_KINDS)
      .describe("What the content is, from its magic bytes (never the name or client type)"),
    contentType: z
      .string()
      .describe("The type it is downloaded with (HTML/SVG/unknown: application/octet-stream)"),
    size: z.number().int(),
    sha256: z.string(),
    recordType: z.string(),
    recordId: z.uuid(),
    createdBy: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "RecordFile" });

export const uploadQuery = z.strictObject({
  recordType,
  recordId: z.uuid(),
  name: fileName.optional().describe("The file's name (a multipart upload's file name otherwise)"),
});

export const listFilesQuery = z.strictObject({ recordType, recordId: z.uuid() });

export const fileListSchema = z.object({
  items: z.array(fileSchema),
  canEdit: z.boolean().describe("Whether the caller may upload, rename and delete files of this record"),
});

export const renameBody = z.strictObject({ name: fileName });

export const downloadQuery = z.strictObject({
  inline: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .describe("1: show an image or PDF in the browser; every other kind is still a download"),
});
