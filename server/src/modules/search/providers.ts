import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { TAX_ID_KINDS } from "../companies/schemas.js";
import { likeEscape, matchRange, type ParsedQuery, prefixTsQuery } from "./query.js";

export type Db = Kysely<DB> | Transaction<DB>;

export interface SearchHit {
  id: string;
  title: string;
  subtitle: string | null;
  highlight: { field: string; value: string; range: [number, number] | null };
  score: number;
}

export interface SearchInput {
  q: ParsedQuery;
  /** tandem_search_norm(q.text), computed by PostgreSQL so it matches the indexed expressions exactly. */
  norm: string;
  limit: number;
}

/** One searchable record type; later modules (tickets, projects) register theirs. */
export interface SearchProvider {
  type: string;
  search(db: Db, actor: Actor, input: SearchInput): Promise<SearchHit[]>;
}

/** Candidates per type before ranking: bounds the work for very common words. */
const CANDIDATES = 300;

const hidden = (actor: Actor, entity: string, ...keys: string[]) =>
  keys.some((k) => isHidden(actor, entity, k));

/**
 * Full-text match of every query word (any order, prefixes) against `tandem_search_tsv(columns…)`; the column
 * list must equal an index expression of the search migrations for PostgreSQL to use it.
 */
function ftsMatch(norm: string, columns: string[], secondaryHidden = false): RawBuilder<boolean> {
  const tsq = prefixTsQuery(norm);
  if (!tsq) return sql<boolean>`false`;
  const query = sql`to_tsquery('simple', ${tsq})`;
  const vector = sql`tandem_search_tsv(${sql.join(columns.map((c) => sql.ref(c)))})`;
  if (!secondaryHidden) return sql<boolean>`(${vector} @@ ${query})`;
  // A role that hides the secondary field matches the name alone: the name + secondary vector's index finds
  // the candidates, the name-only vector (not indexed: one index less to maintain on every write) decides.
  const name = sql`tandem_search_tsv(${sql.ref(columns[0] as string)})`;
  return sql<boolean>`(${vector} @@ ${query} and ${name} @@ ${query})`;
}

/**
 * Exact name 1.0 > prefix 0.95 > substring 0.9 > all words in another order (full text) 0.8; typo-tolerant
 * trigram similarity counts at most 0.85, so an exact or prefix match always ranks first.
 */
function nameScore(column: string, norm: string, fts: RawBuilder<boolean>): RawBuilder<number> {
  const col = sql`tandem_search_norm(${sql.ref(column)})`;
  return sql<number>`case when ${col} = ${norm} then 1.0
    when ${col} like ${`${likeEscape(norm)}%`} then 0.95
    when ${col} like ${`%${likeEscape(norm)}%`} then 0.9
    when ${fts} then 0.8 else 0 end`;
}

interface Phone {
  raw: string;
  e164: string | null;
}

function phoneHit(phones: Phone[], core: string): string | null {
  return phones.find((p) => `${p.e164 ?? ""} ${p.raw}`.replace(/[^\d ]/g, "").includes(core))?.raw ?? null;
}

function textHighlight(
  q: ParsedQuery,
  fields: Array<[string, string | null | undefined]>,
): SearchHit["highlight"] {
  for (const [field, value] of fields) {
    if (!value) continue;
    const range = matchRange(value, q.text);
    if (range) return { field, value, range };
  }
  const [field, value] = fields[0] ?? ["name", ""];
  return { field, value: value ?? "", range: null };
}

export const contactsProvider: SearchProvider = {
  type: "contacts",
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "contacts", "read") === "none" || hidden(actor, "contacts", "name")) return [];
    const showPhones = !hidden(actor, "contacts", "phone", "phones");
    const showEmails = !hidden(actor, "contacts", "email", "emails");
    const pattern = `%${likeEscape(norm)}%`;
    const phoneMatch =
      q.phoneCore && showPhones ? sql`c.phone_digits like ${`%${likeEscape(q.phoneCore)}%`}` : sql`false`;
    const emailMatch = showEmails ? sql`tandem_search_join(c.email_values) like ${pattern}` : sql`false`;
    const fts = ftsMatch(norm, ["c.name", "c.position"], hidden(actor, "contacts", "position"));
    const rows = await sql<{
      id: string;
      name: string;
      position: string | null;
      phones: Phone[];
      email_values: string[];
      score: number;
    }>`
      select c.id, c.name, c.position, c.phones, c.email_values,
        greatest(
          0.85 * word_similarity(${norm}, tandem_search_norm(c.name)),
          ${nameScore("c.name", norm, fts)},
          case when ${emailMatch} then 0.85 else 0 end,
          case when ${phoneMatch} then 1.0 else 0 end
        ) as score
      from (
        select * from contacts c
        where c.deleted_at is null and ${ownerScope(actor, "contacts", "read", "c.owner_id")}
          and (tandem_search_norm(c.name) like ${pattern} or ${norm} <% tandem_search_norm(c.name)
               or ${fts} or ${emailMatch} or ${phoneMatch})
        limit ${CANDIDATES}
      ) c
      order by score desc, c.name, c.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => {
      const phone = q.phoneCore && showPhones ? phoneHit(r.phones, q.phoneCore) : null;
      const email = showEmails
        ? (r.email_values.find((e) => e.includes(q.text.toLowerCase())) ?? null)
        : null;
      return {
        id: r.id,
        title: r.name,
        subtitle: [r.position, showEmails ? r.email_values[0] : null].filter(Boolean).join(" · ") || null,
        highlight: phone
          ? { field: "phone", value: phone, range: null }
          : email && !matchRange(r.name, q.text)
            ? { field: "email", value: email, range: matchRange(email, q.text) }
            : textHighlight(q, [["name", r.name]]),
        score: Number(r.score),
      };
    });
  },
};

export const companiesProvider: SearchProvider = {
  type: "companies",
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "companies", "read") === "none" || hidden(actor, "companies", "name")) return [];
    const showPhones = !hidden(actor, "companies", "phone", "phones");
    const showEmails = !hidden(actor, "companies", "email", "emails");
    const showLegal = !hidden(actor, "companies", "legalName");
    const showTax = !hidden(actor, "companies", "taxIds");
    const pattern = `%${likeEscape(norm)}%`;
    const phoneMatch =
      q.phoneCore && showPhones ? sql`c.phone_digits like ${`%${likeEscape(q.phoneCore)}%`}` : sql`false`;
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
      phones: Phone[];
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
        where c.deleted_at is null and ${ownerScope(actor, "companies", "read", "c.owner_id")}
          and (tandem_search_norm(c.name) like ${pattern} or ${norm} <% tandem_search_norm(c.name)
               or ${fts} or ${legalMatch} or ${emailMatch} or ${taxMatch} or ${phoneMatch})
        limit ${CANDIDATES}
      ) c
      order by score desc, c.name, c.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => {
      const phone = q.phoneCore && showPhones ? phoneHit(r.phones, q.phoneCore) : null;
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

export const dealsProvider: SearchProvider = {
  type: "deals",
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "deals", "read") === "none" || hidden(actor, "deals", "title")) return [];
    const pattern = `%${likeEscape(norm)}%`;
    const fts = ftsMatch(norm, ["d.title"]);
    const rows = await sql<{ id: string; title: string; stage: string | null; score: number }>`
      select d.id, d.title, s.name as stage,
        greatest(0.85 * word_similarity(${norm}, tandem_search_norm(d.title)), ${nameScore("d.title", norm, fts)}) as score
      from (
        select * from deals d
        where d.deleted_at is null and ${ownerScope(actor, "deals", "read", "d.owner_id")}
          and (tandem_search_norm(d.title) like ${pattern} or ${norm} <% tandem_search_norm(d.title) or ${fts})
        limit ${CANDIDATES}
      ) d
      left join pipeline_stages s on s.id = d.stage_id
      order by score desc, d.title, d.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: r.stage,
      highlight: textHighlight(q, [["title", r.title]]),
      score: Number(r.score),
    }));
  },
};
