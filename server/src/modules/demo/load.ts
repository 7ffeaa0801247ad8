import { sql, type Transaction } from "kysely";
import type { Logger } from "pino";
import type { DB } from "../../platform/db/schema.js";
import type { AppDeps } from "../../platform/http/types.js";
import { normalizePhones, withJsonText } from "../../platform/records/values.js";
import { COMPANY_JSON_COLUMNS, companyColumns } from "../companies/module.js";
import { CONTACT_JSON_COLUMNS, contactColumns } from "../contacts/module.js";
import { stageColumns } from "../deals/module.js";
import { hashPassword } from "../identity/module.js";
import {
  CURRENCY,
  DEAL_TOPICS,
  DEMO_COMPANIES,
  DEMO_PASSWORD,
  DEMO_TEAMS,
  DEMO_USERS,
  PERSON_NAMES,
  POSITIONS,
} from "./data.js";
import { rng, taxId, transliterate } from "./generators.js";

type Trx = Transaction<DB>;
const MARKER = "demo_data";

/**
 * Loads a realistic demo data set once (`--demo` / DEMO=true): users in two teams with the default roles
 * (password `Tandem-demo-2026`), companies, people, deals across the default pipeline with stage history,
 * tasks and activities. Idempotent: an `app_settings` marker written in the same transaction, under an
 * advisory lock, so two instances starting together load it once. Rows are inserted directly (no change
 * events), so the audit log and notifications do not fill up with demo noise.
 */
export async function loadDemoData(deps: AppDeps, logger: Logger): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const loaded = await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(4242017)`.execute(trx);
    const done = await trx
      .selectFrom("app_settings")
      .select("key")
      .where("key", "=", MARKER)
      .executeTakeFirst();
    if (done) return false;
    await load(trx, hash);
    await trx
      .insertInto("app_settings")
      .values({ key: MARKER, value: JSON.stringify({ loadedAt: new Date().toISOString() }) })
      .execute();
    return true;
  });
  logger.info(
    loaded
      ? `demo data loaded (users *@demo.tandem-crm.org, password ${DEMO_PASSWORD})`
      : "demo data already present",
  );
}

async function load(trx: Trx, passwordHash: string) {
  const r = rng(20261123);
  const teams = [];
  for (const name of DEMO_TEAMS) {
    const existing = await trx.selectFrom("teams").select("id").where("name", "=", name).executeTakeFirst();
    teams.push(
      existing ?? (await trx.insertInto("teams").values({ name }).returning("id").executeTakeFirstOrThrow()),
    );
  }
  const users: string[] = [];
  for (const u of DEMO_USERS) {
    const role = await trx
      .selectFrom("roles")
      .select("id")
      .where("key", "=", u.role)
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom("users")
      .select("id")
      .where("email", "=", u.email)
      .executeTakeFirst();
    const row =
      existing ??
      (await trx
        .insertInto("users")
        .values({
          email: u.email,
          name: u.name,
          role_id: role.id,
          team_id: u.team === null ? null : teams[u.team]!.id,
          language: u.language,
          time_zone: u.tz,
          password_hash: passwordHash,
          password_changed_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    users.push(row.id);
  }
  await trx.updateTable("teams").set({ head_id: users[0]! }).where("id", "=", teams[0]!.id).execute();

  const companies: Array<{ id: string; country: string; owner: string; name: string }> = [];
  for (const c of DEMO_COMPANIES) {
    const phones = normalizePhones([{ kind: "work", raw: c.phone }], c.country as never, []).filter(
      (p) => p.e164,
    );
    const taxIds = c.taxKind
      ? [{ country: c.country, kind: c.taxKind, value: taxId(r, c.taxKind, c.country) }]
      : [];
    const row = await trx
      .insertInto("companies")
      .values({
        ...(withJsonText(
          companyColumns(
            {
              name: c.name,
              legalName: c.legal ?? null,
              types: c.types,
              taxIds,
              industry: c.industry,
              website: `https://${c.domain}`,
              addresses: [{ kind: "actual", country: c.country, city: c.city }],
              phones,
              emails: [{ kind: "work", value: `info@${c.domain}` }],
              source: r.pick(["website", "referral", "exhibition", "cold call"]),
              tags: c.tags ?? [],
              rating: c.rating ?? null,
            },
            [],
          ),
          COMPANY_JSON_COLUMNS,
        ) as { name: string }),
        owner_id: users[c.owner]!,
        custom: "{}",
        created_by: users[c.owner]!,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    companies.push({ id: row.id, country: c.country, owner: users[c.owner]!, name: c.name });
  }
  for (const t of new Set(DEMO_COMPANIES.flatMap((c) => c.tags ?? []))) {
    await trx
      .insertInto("tags")
      .values({ name: t, color: t === "vip" ? "red" : "blue" })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
  }

  const contacts: Array<{ id: string; company: (typeof companies)[number] | null; owner: string }> = [];
  for (const [i, co] of [...companies, ...companies.slice(0, 8).map(() => null)].entries()) {
    const country = co?.country ?? r.pick(["RU", "RU", "GB", "RS", "KZ"]);
    const count = co ? r.int(1, 3) : 1;
    for (let k = 0; k < count; k++) {
      const names = r.pick(PERSON_NAMES[country]!);
      const first = r.pick(names.first);
      const last = r.pick(names.last);
      const mobile = {
        RU: `+7 9${r.int(10, 99)} ${r.int(100, 999)}-${r.int(10, 99)}-${r.int(10, 99)}`,
        GB: `+44 7700 900${r.int(100, 999)}`,
        US: `+1 202 555 0${r.int(100, 199)}`,
        RS: `+381 6${r.int(0, 5)} ${r.int(100, 999)} ${r.int(1000, 9999)}`,
        KZ: `+7 70${r.int(0, 8)} ${r.int(100, 999)} ${r.int(1000, 9999)}`,
      }[country]!;
      const phones = normalizePhones([{ kind: "mobile", raw: mobile }], country as never, []).filter(
        (p) => p.e164,
      );
      const email = `${transliterate(first)}.${transliterate(last)}${i}@${co ? (DEMO_COMPANIES.find((d) => d.name === co.name)?.domain ?? "mail.example") : "mail.example"}`;
      const owner = co?.owner ?? users[r.int(0, 4)]!;
      const row = await trx
        .insertInto("contacts")
        .values({
          ...(withJsonText(
            contactColumns(
              {
                firstName: first,
                lastName: last,
                position: co ? r.pick(POSITIONS) : null,
                phones,
                emails: [{ kind: "work", value: email }],
                messengers:
                  country === "RU" || country === "KZ"
                    ? [{ kind: "telegram", handle: `@${transliterate(first)}${i}` }]
                    : [],
                birthday: `19${r.int(60, 99)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`,
                preferredChannel: r.pick(["phone", "email", "telegram"]),
                language: { RU: "ru", GB: "en", US: "en", RS: "sr", KZ: "kk" }[country] ?? "en",
                consent: { emailMarketing: { granted: r.next() > 0.4 } },
              },
              { consentOrigin: "demo" },
              [],
            ),
            CONTACT_JSON_COLUMNS,
          ) as { name: string }),
          owner_id: owner,
          custom: "{}",
          created_by: owner,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (co) {
        await trx
          .insertInto("contact_companies")
          .values({ contact_id: row.id, company_id: co.id, role: r.pick(POSITIONS), is_primary: k === 0 })
          .execute();
      }
      contacts.push({ id: row.id, company: co, owner });
    }
  }

  const stages = await trx
    .selectFrom("pipeline_stages as s")
    .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
    .select(["s.id", "s.pipeline_id", "s.probability", "s.kind", "s.position"])
    .where("p.is_default", "=", true)
    .orderBy("s.position")
    .execute();
  const deals: Array<{ id: string; owner: string; company: string | null }> = [];
  for (let i = 0; i < 40; i++) {
    const contact = r.pick(contacts.filter((c) => c.company));
    const co = contact.company!;
    const stage = stages[Math.min(r.int(0, stages.length + 1), stages.length - 1)]!;
    const created = new Date(Date.now() - r.int(1, 120) * 86_400_000);
    const row = await trx
      .insertInto("deals")
      .values({
        title: `${r.pick(DEAL_TOPICS)} — ${co.name}`,
        company_id: co.id,
        contact_id: contact.id,
        amount: `${r.int(5, 900) * 1000}.00`,
        currency: CURRENCY[co.country] ?? "EUR",
        ...stageColumns(
          { ...stage, pipelineId: stage.pipeline_id },
          { lostReason: r.pick(["Price", "Chose a competitor", "No budget"]) },
        ),
        expected_close_date: new Date(Date.now() + r.int(-20, 90) * 86_400_000).toISOString().slice(0, 10),
        source: r.pick(["website", "referral", "exhibition"]),
        owner_id: co.owner,
        custom: "{}",
        created_by: co.owner,
        created_at: created,
        stage_entered_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    let entered = created;
    const path = stages.filter((s) => s.kind === "open" && s.position < stage.position);
    let from: string | null = null;
    for (const s of [...path, stage]) {
      const left = s.id === stage.id ? null : new Date(entered.getTime() + r.int(1, 10) * 86_400_000);
      await trx
        .insertInto("deal_stage_history")
        .values({
          deal_id: row.id,
          pipeline_id: s.pipeline_id,
          from_stage_id: from,
          to_stage_id: s.id,
          entered_at: entered,
          left_at: left,
          moved_by: co.owner,
        })
        .execute();
      from = s.id;
      if (left) entered = left;
    }
    deals.push({ id: row.id, owner: co.owner, company: co.id });
  }
  await loadWork(trx, r, deals);
  await loadTargets(trx, users);
}

/**
 * Analytics figures: closed deals close when they entered their final stage (not all at load time), and each
 * demo user has a sales target in RUB for this and the previous month (plan vs fact).
 */
async function loadTargets(trx: Trx, users: string[]) {
  await sql`
    update deals d set closed_at = least(h.entered_at, now()), stage_entered_at = least(h.entered_at, now())
    from deal_stage_history h
    where h.deal_id = d.id and h.left_at is null and d.closed_at is not null`.execute(trx);
  for (const [i, user] of users.entries()) {
    for (const monthsAgo of [0, 1]) {
      await sql`
        insert into sales_targets (user_id, month, currency, amount)
        values (${user}, (date_trunc('month', now()) - make_interval(months => ${monthsAgo}))::date, 'RUB',
          ${(i + 2) * 500_000})
        on conflict do nothing`.execute(trx);
    }
  }
}

/** Tasks and activities (tables of the tasks/activities modules) linked to the demo deals. */
async function loadWork(
  trx: Trx,
  r: ReturnType<typeof rng>,
  deals: Array<{ id: string; owner: string; company: string | null }>,
) {
  const titles = [
    "Позвонить по КП",
    "Send the proposal",
    "Согласовать договор",
    "Follow-up call",
    "Встреча с ЛПР",
    "Prepare a demo",
  ];
  for (const [i, d] of deals.slice(0, 30).entries()) {
    const due = new Date(Date.now() + r.int(-5, 10) * 86_400_000 + r.int(9, 17) * 3_600_000);
    const done = i % 5 === 0;
    const task = await trx
      .insertInto("tasks")
      .values({
        title: r.pick(titles),
        type: r.pick(["call", "email", "meeting", "todo"]),
        status: done ? "done" : "open",
        priority: r.pick(["low", "normal", "normal", "high", "urgent"]),
        due_at: due,
        overdue_at: due,
        completed_at: done ? new Date() : null,
        participants: JSON.stringify([]),
        owner_id: d.owner,
        created_by: d.owner,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("task_links")
      .values({ task_id: task.id, entity: "deals", record_id: d.id })
      .execute();
    const occurred = new Date(Date.now() - r.int(1, 30) * 86_400_000);
    const kind = r.pick(["call", "note", "meeting"] as const);
    const act = await trx
      .insertInto("activities")
      .values({
        kind,
        occurred_at: occurred,
        subject:
          kind === "call" ? "Звонок клиенту" : kind === "meeting" ? "Meeting at the client's office" : "Note",
        body: kind === "note" ? "Клиент просит скидку 5% при оплате до конца месяца." : null,
        direction: kind === "call" ? "out" : null,
        duration_seconds: kind === "call" ? r.int(60, 900) : null,
        participants: JSON.stringify({ users: [d.owner], contacts: [] }),
        event: JSON.stringify(null),
        owner_id: d.owner,
        created_by: d.owner,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const links = [{ activity_id: act.id, entity: "deals", record_id: d.id, occurred_at: occurred }];
    if (d.company)
      links.push({ activity_id: act.id, entity: "companies", record_id: d.company, occurred_at: occurred });
    await trx.insertInto("activity_links").values(links).execute();
  }
}
