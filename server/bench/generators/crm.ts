import { contactCustomSql } from "./custom-fields.js";
import { CITIES, FIRST_NAMES, LAST_NAMES, pastTime, type TableGenerator, word } from "./types.js";

const COMPANY_WORDS = [
  "Nord",
  "Volga",
  "Danube",
  "Steppe",
  "Altai",
  "Baltic",
  "Crystal",
  "Granite",
  "Silver",
  "Amber",
  "Cedar",
  "Falcon",
  "Orbit",
  "Pioneer",
  "Vector",
  "Zenith",
  "Atlas",
  "Horizon",
  "Summit",
  "Meridian",
] as const;
const COMPANY_KINDS = [
  "Logistics",
  "Systems",
  "Trade",
  "Foods",
  "Energy",
  "Pharma",
  "Build",
  "Media",
  "Textiles",
  "Motors",
  "Consulting",
  "Telecom",
  "Agro",
  "Metals",
  "Software",
] as const;
const INDUSTRIES = [
  "retail",
  "manufacturing",
  "it",
  "logistics",
  "finance",
  "healthcare",
  "construction",
] as const;
const SOURCES = ["website", "referral", "cold_call", "exhibition", "import", "partner"] as const;

// Russian mobile numbers +7 9XX XXX XX XX; the multiplier is coprime to 10^9, so numbers are unique per table.
const phone = (salt: number) => `'+7' || (9000000000 + (g::bigint * ${salt * 7919}) % 1000000000)::text`;

export const companies: TableGenerator = {
  table: "companies",
  rows: (f) => Math.round(200_000 * f),
  columns: (ctx) => ({
    id: ctx.id("companies", "g"),
    name: `${word(COMPANY_WORDS, 3)} || ' ' || ${word(COMPANY_KINDS, 11)} || ' ' || g`,
    industry: word(INDUSTRIES, 5),
    city: word(CITIES, 17),
    website: "'https://company' || g || '.example.com'",
    phones: `jsonb_build_array(jsonb_build_object('kind', 'work', 'raw', ${phone(31)}, 'e164', ${phone(31)}))`,
    phone_e164: `ARRAY[${phone(31)}]`,
    phone_digits: `substr(${phone(31)}, 2)`,
    emails:
      "jsonb_build_array(jsonb_build_object('kind', 'work', 'value', 'info@company' || g || '.example.com'))",
    email_values: "ARRAY['info@company' || g || '.example.com']",
    source: word(SOURCES, 7),
    owner_id: ctx.pick("users", 3),
    created_at: pastTime(730, 7919),
    updated_at: pastTime(365, 104729),
  }),
};

export const contacts: TableGenerator = {
  table: "contacts",
  rows: (f) => Math.round(1_000_000 * f),
  columns: (ctx) => {
    const first = word(FIRST_NAMES, 7);
    const last = word(LAST_NAMES, 13);
    const email = `lower(${first}) || '.' || lower(${last}) || g || '@mail.example.com'`;
    return {
      id: ctx.id("contacts", "g"),
      first_name: first,
      last_name: last,
      name: `${first} || ' ' || ${last}`,
      position: word(["Director", "Manager", "Accountant", "Engineer", "Buyer", "CEO", "Analyst"], 5),
      phones: `jsonb_build_array(jsonb_build_object('kind', 'mobile', 'raw', ${phone(37)}, 'e164', ${phone(37)}))`,
      phone_e164: `ARRAY[${phone(37)}]`,
      phone_digits: `substr(${phone(37)}, 2)`,
      emails: `jsonb_build_array(jsonb_build_object('kind', 'work', 'value', ${email}))`,
      email_values: `ARRAY[${email}]`,
      city: word(CITIES, 19),
      source: word(SOURCES, 3),
      owner_id: ctx.pick("users", 1),
      custom: contactCustomSql(),
      created_at: pastTime(730, 15485863),
      updated_at: pastTime(365, 32452843),
    };
  },
  // 80 % of contacts work at a company.
  after: (ctx) =>
    ctx.count("companies") > 0
      ? [
          `INSERT INTO contact_companies (contact_id, company_id, is_primary)
           SELECT ${ctx.id("contacts", "g")}, ${ctx.pick("companies", 7)}, true
           FROM generate_series(1, ${ctx.count("contacts")}) AS g WHERE g % 5 <> 0`,
        ]
      : [],
};
