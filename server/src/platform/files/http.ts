import type { FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { readFile, type StoredFile } from "./storage.js";

/**
 * Sends a stored file as a download. Always an attachment with `nosniff`, so nothing stored is ever rendered
 * or executed by the browser, whatever its bytes.
 */
export function sendStoredFile(reply: FastifyReply, db: Kysely<DB>, file: StoredFile, name = file.name) {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return reply
    .header("content-type", file.contentType)
    .header("content-length", String(file.size))
    .header(
      "content-disposition",
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, no-store")
    .send(readFile(db, file.id));
}

/**
 * Sends a stored image (a user's photo) to be shown inline: only ever with its sniffed image type, `nosniff`
 * and a CSP that allows nothing to run. Cached privately: the URL is versioned per file.
 */
export function sendStoredImage(reply: FastifyReply, db: Kysely<DB>, file: StoredFile) {
  return reply
    .header("content-type", file.contentType)
    .header("content-length", String(file.size))
    .header("content-disposition", "inline")
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", "private, max-age=86400")
    .send(readFile(db, file.id));
}
