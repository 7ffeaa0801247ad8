import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import type { Database } from "../../platform/db/database.js";
import { type RecordLink, readableRecordIds, readableRecordTitles } from "../../platform/records/links.js";
import type { PhoneValue } from "../../platform/records/values.js";

/** A record a task is about, named by its title (only records the user may read). */
export interface AboutRecord {
  entity: string;
  id: string;
  title: string;
}

/** The number to call about a task: the first phone of its contact (or company), and whose it is. */
export interface DayPhone {
  raw: string;
  e164: string | null;
  extension?: string;
  entity: "contacts" | "companies";
  id: string;
}

export interface TaskAbout {
  about: AboutRecord[];
  phone: DayPhone | null;
}

/** People first: a row names its contact, then the company, then the deal. */
const ORDER = ["contacts", "companies", "deals"];
const rank = (entity: string) => {
  const i = ORDER.indexOf(entity);
  return i < 0 ? ORDER.length : i;
};

type PhoneOwner = { entity: "contacts" | "companies"; id: string };

/** First phones of the records (of `entity`) the actor may read whose phones the role shows. */
async function firstPhones(
  db: Database,
  actor: Actor,
  entity: "contacts" | "companies",
  ids: readonly string[],
): Promise<Map<string, PhoneValue>> {
  if (ids.length === 0 || isHidden(actor, entity, "phones") || isHidden(actor, entity, "phone"))
    return new Map();
  const readable = [...(await readableRecordIds(db, actor, entity, [...new Set(ids)]))];
  if (readable.length === 0) return new Map();
  const rows = await sql<{ id: string; phone: PhoneValue }>`
    select r.id, r.phones->0 as phone from ${sql.table(entity)} r
    where r.id = any(${readable}::uuid[]) and jsonb_array_length(r.phones) > 0`.execute(db);
  return new Map(rows.rows.filter((r) => typeof r.phone?.raw === "string").map((r) => [r.id, r.phone]));
}

/**
 * What each item (task, meeting) is about (its linked records' titles) and a number to call: the linked contact's first
 * phone, else the contact of a linked deal, else the linked company's, else the deal's company's. Everything is
 * read with the user's scope and field rules — a record outside the scope gives no title and no phone, a
 * hidden phone field gives no phone, a hidden deal contact/company field gives no phone through the deal.
 */
export async function aboutItems(
  db: Database,
  actor: Actor,
  links: ReadonlyMap<string, readonly RecordLink[]>,
): Promise<Map<string, TaskAbout>> {
  const byEntity = new Map<string, Set<string>>();
  for (const list of links.values())
    for (const l of list) byEntity.set(l.entity, (byEntity.get(l.entity) ?? new Set()).add(l.id));
  const titleMaps = new Map(
    await Promise.all(
      [...byEntity].map(
        async ([entity, ids]) => [entity, await readableRecordTitles(db, actor, entity, [...ids])] as const,
      ),
    ),
  );
  const titleOf = (l: RecordLink) => titleMaps.get(l.entity)?.get(l.id);

  const dealIds = [...(titleMaps.get("deals")?.keys() ?? [])];
  const showDealContact = !isHidden(actor, "deals", "contactId");
  const showDealCompany = !isHidden(actor, "deals", "companyId");
  const parties =
    dealIds.length > 0 && (showDealContact || showDealCompany)
      ? await db
          .selectFrom("deals")
          .select(["id", "contact_id", "company_id"])
          .where("id", "in", dealIds)
          .execute()
      : [];
  const partiesOf = new Map(
    parties.map((d) => [
      d.id,
      {
        contact: showDealContact ? d.contact_id : null,
        company: showDealCompany ? d.company_id : null,
      },
    ]),
  );

  const candidates = new Map<string, PhoneOwner[]>();
  for (const [taskId, list] of links) {
    const readable = list.filter((l) => titleOf(l) !== undefined);
    const deals = readable.filter((l) => l.entity === "deals").map((l) => partiesOf.get(l.id));
    const owners: PhoneOwner[] = [
      ...readable
        .filter((l) => l.entity === "contacts")
        .map((l) => ({ entity: "contacts" as const, id: l.id })),
      ...deals.flatMap((d) => (d?.contact ? [{ entity: "contacts" as const, id: d.contact }] : [])),
      ...readable
        .filter((l) => l.entity === "companies")
        .map((l) => ({ entity: "companies" as const, id: l.id })),
      ...deals.flatMap((d) => (d?.company ? [{ entity: "companies" as const, id: d.company }] : [])),
    ];
    candidates.set(taskId, owners);
  }
  const all = [...candidates.values()].flat();
  const idsOf = (entity: PhoneOwner["entity"]) => all.filter((o) => o.entity === entity).map((o) => o.id);
  const [contactPhones, companyPhones] = await Promise.all([
    firstPhones(db, actor, "contacts", idsOf("contacts")),
    firstPhones(db, actor, "companies", idsOf("companies")),
  ]);

  const out = new Map<string, TaskAbout>();
  for (const [taskId, list] of links) {
    const about = list
      .flatMap((l) => {
        const title = titleOf(l);
        return title === undefined ? [] : [{ entity: l.entity, id: l.id, title }];
      })
      .sort((a, b) => rank(a.entity) - rank(b.entity));
    let phone: DayPhone | null = null;
    for (const owner of candidates.get(taskId) ?? []) {
      const p = (owner.entity === "contacts" ? contactPhones : companyPhones).get(owner.id);
      if (!p) continue;
      phone = {
        raw: p.raw,
        e164: p.e164 ?? null,
        ...(p.extension ? { extension: p.extension } : {}),
        ...owner,
      };
      break;
    }
    out.set(taskId, { about, phone });
  }
  return out;
}
