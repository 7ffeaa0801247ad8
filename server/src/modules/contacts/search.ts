import { type SqlBool, sql } from "kysely";
import { scopeFor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { EntitySearchProvider } from "../../platform/records/definition.js";
import { phoneDigitsMatch, phoneQueryHit } from "../../platform/records/phone-query.js";
import {
  ftsMatch,
  hiddenAny,
  likeEscape,
  matchRange,
  nameScore,
  SEARCH_CANDIDATES,
  type StoredPhone,
  textHighlight,
} from "../../platform/records/search.js";
import { fuzzyFilter, searchIndexed } from "../../platform/records/search-backlog.js";

/** Contacts in global search: name, position (full text), emails and phone fragments. */
export const contactsProvider: EntitySearchProvider = {
  match(actor, { q, norm }, alias) {
    const c = (column: string) => `${alias}.${column}`;
    const pattern = `%${likeEscape(norm)}%`;
    const shown = (...keys: string[]) => !hiddenAny(actor, "contacts", ...keys);
    const phoneMatch = shown("phone", "phones") ? phoneDigitsMatch(c("phone_digits"), q) : sql`false`;
    const emailMatch = shown("email", "emails")
      ? sql`tandem_search_join(${sql.ref(c("email_values"))}) like ${pattern}`
      : sql`false`;
    // The companies the contact works for, by name (trigram-indexed), among the companies the actor may read.
    // An uncorrelated array (`id = any(array(…))`, computed once) keeps the OR indexable: a correlated EXISTS
    // here made every search a sequential scan (100k contacts: 2.7 s instead of 0.1–70 ms).
    const companyName = sql`tandem_search_norm(m_co.name) like ${pattern}`;
    const companyMatch =
      shown("companies") && scopeFor(actor, "companies", "read") !== "none"
        ? sql`${sql.ref(c("id"))} = any(array(select m_cc.contact_id from contact_companies m_cc
            join companies m_co on m_co.id = m_cc.company_id
            where m_co.deleted_at is null and ${fuzzyFilter("m_co", companyName)}
              and ${ownerScope(actor, "companies", "read", "m_co.owner_id")}))`
        : sql`false`;
    const name = sql`tandem_search_norm(${sql.ref(c("name"))})`;
    const fts = ftsMatch(norm, [c("name"), c("position")], !shown("position"));
    return sql<SqlBool>`(${name} like ${pattern} or ${norm} <% ${name} or ${fts} or ${emailMatch} or ${phoneMatch}
      or ${companyMatch})`;
  },
  async search(db, actor, { q, norm, limit }) {
    if (scopeFor(actor, "contacts", "read") === "none" || hiddenAny(actor, "contacts", "name")) return [];
    const showPhones = !hiddenAny(actor, "contacts", "phone", "phones");
    const showEmails = !hiddenAny(actor, "contacts", "email", "emails");
    const pattern = `%${likeEscape(norm)}%`;
    const phoneMatch = showPhones ? phoneDigitsMatch("c.phone_digits", q) : sql`false`;
    const emailMatch = showEmails ? sql`tandem_search_join(c.email_values) like ${pattern}` : sql`false`;
    const fts = ftsMatch(norm, ["c.name", "c.position"], hiddenAny(actor, "contacts", "position"));
    const rows = await sql<{
      id: string;
      name: string;
      position: string | null;
      phones: StoredPhone[];
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
        where c.deleted_at is null and ${searchIndexed("c")}
          and ${ownerScope(actor, "contacts", "read", "c.owner_id")}
          and ${contactsProvider.match(actor, { q, norm }, "c")}
        limit ${SEARCH_CANDIDATES}
      ) c
      order by score desc, c.name, c.id
      limit ${limit}`.execute(db);
    return rows.rows.map((r) => {
      const phone = showPhones ? phoneQueryHit(r.phones, q) : null;
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
