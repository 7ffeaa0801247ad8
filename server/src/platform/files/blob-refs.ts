/**
 * Columns that hold blob hashes (`sha256` of `platform/files/blobs.ts`). The nightly garbage collector
 * (`gc.ts`) deletes a blob only when none of these references it, so a module that keeps blobs registers its
 * column once, at load (top level of its `module.ts`): `registerBlobReference({ table: "x", column: "y" })`.
 * Table and column are trusted identifiers from code, never user input.
 */
export interface BlobReference {
  table: string;
  column: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const references = new Map<string, BlobReference>();

export function registerBlobReference(ref: BlobReference): void {
  if (!IDENT.test(ref.table) || !IDENT.test(ref.column))
    throw new Error(`Bad blob reference ${ref.table}.${ref.column}`);
  references.set(`${ref.table}.${ref.column}`, { ...ref });
}

export function blobReferences(): BlobReference[] {
  return [...references.values()];
}
