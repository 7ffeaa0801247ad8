import { AppError, BadRequestError } from "../errors.js";

/**
 * Optimistic concurrency for records: every versioned table has `version integer` bumped by the
 * `bump_record_version()` trigger on each UPDATE, the API answers it as `version` and `ETag: "v<version>"`, and a
 * write sent with `If-Match` is refused with 412 `version_conflict` when the record moved on meanwhile — so two
 * people (or a person and an import or a rule) never silently overwrite each other.
 */
export class VersionConflictError extends AppError {
  constructor(readonly currentVersion: number) {
    super(
      412,
      "version_conflict",
      `The record was changed by someone else (it is now at version ${currentVersion}). Reload it and apply your changes again.`,
      undefined,
      { ETag: etagOf(currentVersion) },
    );
  }
}

export const etagOf = (version: number): string => `"v${version}"`;

/** What `If-Match` asks for: `undefined` when absent or `*` (no precondition), else the accepted versions. */
export function parseIfMatch(header: string | string[] | undefined): readonly number[] | undefined {
  const text = Array.isArray(header) ? header.join(",") : header;
  if (text === undefined || text.trim() === "" || text.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(part);
    if (!m) {
      throw new BadRequestError(
        "invalid_if_match",
        'If-Match must be an ETag this API gave out, like "v3" (or several, comma-separated).',
      );
    }
    versions.push(Number(m[1]));
  }
  return versions;
}

/** Throws 412 when the caller sent `If-Match` and the locked row's version is not one it names. */
export function assertVersion(current: number, expected: readonly number[] | undefined): void {
  if (expected && !expected.includes(current)) throw new VersionConflictError(current);
}
