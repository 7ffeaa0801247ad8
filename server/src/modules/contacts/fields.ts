import { sql } from "kysely";
import type { FieldMeta } from "../../platform/access/fields.js";
import {
  digitsOnly,
  LIST,
  lowerTrim,
  SORT_BY_FIRST_PHONE,
  SORT_BY_OWNER_NAME,
} from "../../platform/records/field-helpers.js";
import { CHANNELS } from "./schemas.js";

const f = (
  key: string,
  column: string,
  type: FieldMeta["type"],
  extra: Partial<FieldMeta> = {},
): FieldMeta => ({
  key,
  column,
  type,
  filterable: true,
  sortable: !["tags", "multiSelect", "user", "link", "uuid", "longText"].includes(type),
  ...extra,
});

/** A consent flag (`consent.<kind>.granted`): true, false (refused) or empty (never asked). */
const consent = (kind: "emailMarketing" | "smsMarketing") =>
  f(kind, "consent", "boolean", {
    sortable: false,
    filterOnly: true,
    derivesFrom: ["consent"],
    expression: (a) => sql`((${sql.ref(`${a}.consent`)}->${sql.lit(kind)}->>'granted')::boolean)`,
  });

export const CONTACT_FIELDS: FieldMeta[] = [
  f("id", "id", "uuid", { nullable: false }),
  f("name", "name", "text", { nullable: false, searchFold: true, ownerIndexed: true }),
  f("firstName", "first_name", "text"),
  f("lastName", "last_name", "text"),
  f("middleName", "middle_name", "text"),
  f("position", "position", "text"),
  f("phone", "phone_digits", "phone", {
    ...SORT_BY_FIRST_PHONE,
    label: "Phone digits",
    derivesFrom: ["phones"],
    normalize: digitsOnly,
  }),
  f("emails", "email_values", "email", { ...LIST, normalize: lowerTrim, derivesFrom: ["emails"] }),
  // Handles of any messenger (lower-cased, a leading @ ignored); not indexed: a scan of the visible contacts.
  f("messengers", "messengers", "text", {
    ...LIST,
    derivesFrom: ["messengers"],
    expression: (a) =>
      sql`array(select lower(ltrim(m->>'handle', '@')) from jsonb_array_elements(${sql.ref(`${a}.messengers`)}) m)`,
    normalize: (v) => lowerTrim(v).replace(/^@/, ""),
  }),
  // The companies the person belongs to (contact_companies).
  f("companies", "id", "link", {
    ...LIST,
    derivesFrom: ["companies"],
    linkEntity: "companies",
    expression: (a) =>
      sql`array(select cc.company_id::text from contact_companies cc where cc.contact_id = ${sql.ref(`${a}.id`)})`,
  }),
  consent("emailMarketing"),
  consent("smsMarketing"),
  f("birthday", "birthday", "date"),
  f("preferredChannel", "preferred_channel", "select", { options: CHANNELS }),
  f("language", "language", "text"),
  f("city", "city", "text"),
  // "Company's city": the cities of the (live) companies the person belongs to, lower-cased — for people whose
  // own city is empty. Hidden with the memberships or with the companies' city.
  f("companiesCity", "id", "text", {
    ...LIST,
    label: "Company's city",
    derivesFrom: ["companies", "companies:city"],
    expression: (a) =>
      sql`array(select lower(co.city) from contact_companies cc join companies co on co.id = cc.company_id
        where cc.contact_id = ${sql.ref(`${a}.id`)} and co.deleted_at is null and co.city is not null)`,
    normalize: lowerTrim,
  }),
  f("source", "source", "text"),
  f("externalId", "external_id", "text", { label: "External ID" }),
  f("tags", "tags", "tags"),
  f("ownerId", "owner_id", "user", { nullable: false, ...SORT_BY_OWNER_NAME }),
  f("createdBy", "created_by", "user"),
  f("createdAt", "created_at", "dateTime", { nullable: false }),
  f("updatedAt", "updated_at", "dateTime", { nullable: false }),
];
