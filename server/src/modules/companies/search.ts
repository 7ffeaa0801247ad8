import { type SqlBool, sql } from "kysely";
import { scopeFor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { EntitySearchProvider, SearchHit } from "../../platform/records/definition.js";
import { phoneDigitsMatch, phoneQueryHit } from "../../platform/records/phone-query.js";
import {
  ftsMatch,
  hiddenAny,
  likeEscape,
  nameScore,
  SEARCH_CANDIDATES,
  type StoredPhone,
  textHighlight,
} from "../../platform/records/search.js";
import { searchIndexed } from "../../platform/records/search-backlog.js";
import { TAX_ID_KINDS } from "./schemas.js";

/** Companies in global search: name, legal name, emails, tax ids and phone fragments. */
export const companiesProvider: EntitySearchProvider = {
  match(actor, { q, norm }, alias) {
    const c = (column: string) => `${alias}.${column}`;
    const shown = (...keys: string[]) => !hiddenAny(actor, "companies", ...keys);
    const pattern = `%${likeEscape(norm)}%`;
    const phoneMatch = shown("phone", "phones") ? phoneDigitsMatch(c("phone_digits"), q) : sql`false`;
    const emailMatch = shown("email", "emails")
      ? sql`tandem_search_join(${sql.ref(c("email_values"))}) like ${pattern}`
      : sql`false`;
    const legal = sql`tandem_search_norm(${sql.ref(c("legal_name"))})`;
    const legalMatch = shown("legalName")
      ? sql`(${sql.ref(c("legal_name"))} is not null and (${legal} like ${pattern} or ${norm} <% ${legal}))`
      : sql`false`;
    const taxValue = q.text.replace(/\s/g, "").toUpperCase();
    // Stored as "<kind>:<value>" (e.g. INN:7707083893): look for the value under every kind, with the GIN index.
    const taxKeys = TAX_ID_KINDS.map((k) => `${k}:${taxValue}`);
    const taxMatch = shown("taxIds") ? sql`${sql.ref(c("tax_id_values"))} && ${taxKeys}::text[]` : sql`false`;
    const fts = ftsMatch(norm, [c("name"), c("legal_name")], !shown("legalName"));
    const name = sql`tandem_search_norm(${sql.ref(c("name"))})`;
    return sql<SqlBool>`(${name} like ${pattern} or ${norm} <% ${name} or ${fts} or ${legalMatch} or ${emailMatch}
      or ${taxMatch} or ${phoneMatch})`;
  },
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "companies", "read") === "none" || hiddenAny(actor, "companies", "name")) return [];
    const showPhones = !hiddenAny(actor, "companies", "phone", "phones");
    const showEmails = !hiddenAny(actor, "companies", "email", "emails");
    const showLegal = !hiddenAny(actor, "companies", "legalName");
    const showTax = !hiddenAny(actor, "companies", "taxIds");
    const pattern = `%${likeEscape(norm)}%`;
    const phoneMatch = showPhones ? phoneDigitsMatch("c.phone_digits", q) : sql`false`;
    const emailMatch = showEmails ? sql`tandem_search_join(c.email_values) like ${pattern}` : sql`false`;
    const legalMatch = showLegal
      ? sql`(c.legal_name is not null and (tandem_search_norm(c.legal_name) like ${pattern} or ${norm} <% tandem_search_norm(c.legal_name)))`
      : sql`false`;
    const taxValue = q.text.replace(/\s/g, "").toUpperCase();
    // Stored as "<kind>:<value>" (e.g. INN:7707083893): look for the value under every kind, with the GIN index.
    const taxKeys = TAX_ID_KINDS.map((k) => `${k}:${taxValue}`);
    const taxMatch = showTax ? sql`c.tax_id_values && ${taxKeys}::text[]` : sql`false`;
    const fts = ftsMatch(norm, ["c.name", "c.legal_name"], !showLegal);
    const rows = await sql<{
      id: string;
      name: string;
      legal_name: string | null;
      city: string | null;
      phones: StoredPhone[];
      email_values: string[];
      tax_id_values: string[];
      score: number;
    }>`
      select c.id, c.name, c.legal_name, c.city, c.phones, c.email_values, c.tax_id_values,
        greatest(
          0.85 * word_similarity(${norm}, tandem_search_norm(c.name)),
          ${nameScore("c.name", norm, fts)},
          case when ${legalMatch} then 0.8 else 0 end,
          case when ${emailMatch} then 0.85 else 0 end,
          case when ${taxMatch} or ${phoneMatch} then 1.0 else 0 end
        ) as score
      from (
        select * from companies c
        where c.deleted_at is null and ${searchIndexed("c")}
          and ${ownerScope(actor, "companies", "read", "c.owner_id")}
          and ${companiesProvider.match(actor, { q, norm }, "c")}
        limit ${SEARCH_CANDIDATES}
      ) c
      order by score desc, c.name, c.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => {
      const phone = showPhones ? phoneQueryHit(r.phones, q) : null;
      const tax = showTax && r.tax_id_values.some((v) => taxKeys.includes(v)) ? taxValue : null;
      const highlight: SearchHit["highlight"] = tax
        ? { field: "taxId", value: tax, range: [0, tax.length] }
        : phone
          ? { field: "phone", value: phone, range: null }
          : textHighlight(q, [
              ["name", r.name],
              ["legalName", showLegal ? r.legal_name : null],
              ...(showEmails ? r.email_values.map((e): [string, string] => ["email", e]) : []),
            ]);
      return {
        id: r.id,
        title: r.name,
        subtitle: [showLegal ? r.legal_name : null, r.city].filter(Boolean).join(" · ") || null,
        highlight,
        score: Number(r.score),
      };
    });
  },
};
