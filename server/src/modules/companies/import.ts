import type { FieldError } from "../../platform/errors.js";
import type { EntityImport, ImportBuild, ImportRefusals } from "../../platform/records/import-spec.js";
import {
  importedEmails,
  importedPhones,
  importedTags,
  importedText as text,
} from "../../platform/records/import-values.js";
import { companyColumns } from "./columns.js";
import { companiesInCycles, findCompanies } from "./import-lookup.js";
import { COMPANY_SIZES, COMPANY_TYPES, RATINGS } from "./schemas.js";

/**
 * Companies from a file, through the API's `companyColumns`; how other files name a company (by name as search
 * folds it, or by tax ID) and the company a contacts file creates for a Company column naming none.
 */
export const companyImport: EntityImport = {
  targets: [
    { key: "name", label: "Name", kind: "text", max: 300, aliases: ["company"] },
    { key: "legalName", label: "Legal name", kind: "text", max: 500 },
    { key: "taxId", label: "Tax ID", kind: "taxId", ruleKey: "taxIds" },
    { key: "industry", label: "Industry", kind: "text", max: 100 },
    { key: "website", label: "Website", kind: "url" },
    { key: "city", label: "City", kind: "text", max: 200 },
    { key: "address", label: "Address", kind: "text", max: 1000, ruleKey: "addresses" },
    {
      key: "country",
      label: "Country (name or ISO code; reads the row's phone numbers)",
      kind: "country",
      ruleKey: "addresses",
    },
    { key: "phone", label: "Phone", kind: "phone", ruleKey: "phones" },
    { key: "phone2", label: "Phone 2", kind: "phone", ruleKey: "phones" },
    { key: "mobile", label: "Mobile phone", kind: "phone", ruleKey: "phones" },
    { key: "email", label: "Email", kind: "email", ruleKey: "emails" },
    { key: "email2", label: "Email 2", kind: "email", ruleKey: "emails" },
    {
      key: "types",
      label: "Types (several: customer, prospect, supplier, partner, other)",
      kind: "multiSelect",
      options: COMPANY_TYPES,
    },
    { key: "size", label: "Size (employees)", kind: "select", options: COMPANY_SIZES },
    { key: "rating", label: "Rating (A–D)", kind: "select", options: RATINGS },
    {
      key: "parentCompany",
      label: "Parent company (name or tax ID)",
      kind: "company",
      ruleKey: "parentCompanyId",
      ref: "companies",
    },
    { key: "source", label: "Source", kind: "text", max: 100 },
    { key: "externalId", label: "External ID", kind: "text", max: 200 },
    { key: "tags", label: "Tags", kind: "tags" },
    { key: "owner", label: "Owner (email)", kind: "owner", ruleKey: "ownerId" },
  ],
  required: ["name"],
  nameColumn: "name",
  matchKeys: ["taxId", "name", "email", "phone", "externalId"],
  build(values, ctx): ImportBuild {
    let parentCompanyId: string | undefined;
    if (typeof values.parentCompany === "string" && values.parentCompany) {
      const id = ctx.ref("parentCompany", values.parentCompany);
      if (!id) return { field: "parentCompany", error: `No company named "${values.parentCompany}".` };
      parentCompanyId = id;
    }
    const tax = values.taxId as { kind: string; value: string } | undefined;
    const street = text(values.address);
    const city = text(values.city);
    const country = text(values.country);
    const errors: FieldError[] = [];
    const set = companyColumns(
      {
        name: text(values.name),
        legalName: text(values.legalName),
        industry: text(values.industry),
        website: text(values.website),
        types: Array.isArray(values.types) && values.types.length ? (values.types as string[]) : undefined,
        size: text(values.size),
        rating: text(values.rating),
        parentCompanyId,
        source: text(values.source),
        externalId: text(values.externalId),
        tags: importedTags(values),
        phones: importedPhones(values),
        emails: importedEmails(values),
        taxIds: tax ? [{ country: null, kind: tax.kind, value: tax.value }] : undefined,
        addresses:
          street || city || country
            ? [{ kind: "legal", street: street ?? null, city: city ?? null, country: country ?? null }]
            : undefined,
      },
      errors,
    );
    if (errors[0]) return { field: "taxId", error: errors[0].message };
    if (!set.name) return { field: "name", error: "Required." };
    return { set };
  },
  createDefaults: {
    phones: [],
    phone_e164: [],
    phone_digits: "",
    emails: [],
    email_values: [],
    tags: [],
    tax_ids: [],
    tax_id_values: [],
    addresses: [],
    types: [],
  },
  writable: [
    "name",
    "legal_name",
    "tax_ids",
    "tax_id_values",
    "industry",
    "website",
    "city",
    "addresses",
    "phones",
    "phone_e164",
    "phone_digits",
    "emails",
    "email_values",
    "source",
    "external_id",
    "tags",
    "owner_id",
    "custom",
  ],
  unique: [{ key: "externalId", column: "external_id", label: "external ID" }],
  deferSearch: true,
  lookup: {
    find: findCompanies,
    // A company a contacts file names and no company answers: its name, website and city from the file.
    fromReference(name, companion) {
      const website = text(companion.website);
      const city = text(companion.city);
      return companyColumns(
        { name, ...(website ? { website } : {}), ...(city ? { addresses: [{ kind: "actual", city }] } : {}) },
        [],
      );
    },
  },
  // Like the API: a company may not become its own ancestor.
  async beforeUpdate(db, rows) {
    const refused: ImportRefusals = new Map();
    const withParent = rows.filter((u) => typeof u.set.parent_company_id === "string");
    if (withParent.length === 0) return refused;
    const cyclic = await companiesInCycles(
      db,
      withParent.map((u) => u.id),
      withParent.map((u) => u.set.parent_company_id as string),
    );
    for (const u of withParent) {
      if (cyclic.has(u.id)) {
        refused.set(u.rowNumber, {
          field: "parentCompany",
          reason: "A company cannot be its own parent, directly or through its parents.",
        });
      }
    }
    return refused;
  },
};
