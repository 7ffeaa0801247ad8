import type { CountryCode } from "libphonenumber-js";
import type { z } from "zod";
import { declaredImport } from "./declared.js";
import type { ImportEntity } from "./fields.js";
import type { importOptions } from "./schemas.js";

/** The import's options as stored (`imports.options`); keys added later are absent on older imports. */
export type ImportSettings = z.infer<typeof importOptions>;

/**
 * A field a row cannot do without (the entity's import `required`): an invalid value there rejects the row even
 * when invalid values are dropped.
 */
export function dropsInvalid(settings: ImportSettings, entity: ImportEntity, key: string): boolean {
  const required = declaredImport(entity)?.required ?? [];
  return settings.invalidValues === "dropValue" && !required.includes(key);
}

/**
 * The region phone numbers without a country code are read in: the import's default country when the
 * option is present (null: none), else (imports made before the option existed) the importer's language's.
 */
export function importRegion(
  settings: ImportSettings,
  languageRegion: CountryCode | undefined,
): CountryCode | undefined {
  if (settings.defaultCountry !== undefined) return (settings.defaultCountry ?? undefined) as CountryCode;
  return languageRegion;
}
