import { screen, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { adminEntities } from "../../test/entityMeta";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 30_000 };
const field = (key: string, type: string, extra: object = {}) => ({
  key,
  type,
  filterable: true,
  sortable: false,
  custom: false,
  access: "readonly",
  operators: ["eq", "ne", "in", "notIn", "lt", "gte", "isEmpty", "isNotEmpty"],
  ...extra,
});
const condition = { filterOnly: true, conditionOnly: true, operators: ["eq"] };

const PIPELINE = uuid(900);
const LEAD = uuid(901);
const PROPOSAL = uuid(902);
const WON = uuid(903);
const OTHER_PIPELINE = uuid(910);
const OTHER_WON = uuid(913);
const OLGA = uuid(77);
const ACME = uuid(501);
const stage = (id: string, name: string, kind: string, position: number) => ({ id, name, kind, position });
const pipelines = [
  {
    id: PIPELINE,
    name: "Sales",
    stages: [
      stage(LEAD, "Lead", "open", 1),
      stage(PROPOSAL, "Proposal", "open", 2),
      stage(WON, "Won", "won", 3),
    ],
  },
  { id: OTHER_PIPELINE, name: "Partners", stages: [stage(OTHER_WON, "Won", "won", 1)] },
];

const dealFields = [
  field("title", "text"),
  field("companyId", "link", { linkEntity: "companies" }),
  field("currency", "text"),
  field("pipelineId", "link", { linkEntity: "pipelines" }),
  field("stageId", "link", { linkEntity: "pipelines" }),
  field("expectedCloseDate", "date"),
  field("closedAt", "dateTime"),
  field("createdAt", "dateTime"),
  field("ownerId", "user"),
  field("passedStage", "link", { ...condition, linkEntity: "pipelines" }),
  field("stageStay", "text", {
    ...condition,
    valueParts: [{ type: "link", linkEntity: "pipelines" }, { type: "dateTime" }, { type: "dateTime" }],
  }),
];
const activityFields = [
  field("kind", "select", { options: ["call", "meeting", "email"] }),
  field("direction", "select", { options: ["in", "out"] }),
  field("occurredAt", "dateTime"),
  field("withContacts", "boolean", { filterOnly: true }),
  field("ownerId", "user"),
];

// Midnight of 1 November and 1 December 2026 in Belgrade (the admin's zone), as analytics sends them.
const FROM = "2026-10-31T23:00:00.000Z";
const TO = "2026-11-30T23:00:00.000Z";

/** Drills as `server/src/modules/analytics/drill-rows.ts` builds them: funnel, time in stage, won revenue. */
const dealDrill = {
  and: [
    { field: "passedStage", op: "eq", value: PROPOSAL },
    { field: "stageStay", op: "eq", value: `${PROPOSAL}/${FROM}/${TO}` },
    { field: "pipelineId", op: "eq", value: PIPELINE },
    { field: "stageId", op: "in", value: [WON, OTHER_WON] },
    { field: "closedAt", op: "gte", value: FROM },
    { field: "expectedCloseDate", op: "gte", value: "2026-12-01" },
    { field: "ownerId", op: "eq", value: OLGA },
    { field: "companyId", op: "eq", value: ACME },
    { field: "currency", op: "isEmpty" },
  ],
};
const activityDrill = {
  and: [
    { field: "kind", op: "eq", value: "call" },
    { field: "direction", op: "eq", value: "in" },
    { field: "withContacts", op: "eq", value: false },
    { field: "occurredAt", op: "lt", value: TO },
  ],
};

// Activities have a list screen from their declaration (`/$entity`).
const deals = adminEntities.find((e) => e.name === "deals");
const activities = { ...deals, name: "activities", apiPath: "/api/v1/activities", titleField: "subject" };

function serve(entity: string, fields: object[], language: string) {
  const users = [
    { id: adminUser.id, name: adminUser.name, isActive: true },
    { id: OLGA, name: "Olga Smirnova", isActive: true },
  ];
  return installFakeFetch({
    ...listRoutes(entity, [], fields, pipelines),
    "GET /api/v1/me": () => json({ ...adminUser, language }),
    "GET /api/v1/meta/entities": () => json({ items: [...adminEntities, activities] }),
    "GET /api/v1/users": () => json({ items: users, nextCursor: null }),
    // Names of linked records are fetched by id.
    "GET /api/v1/companies": (request: Request) => {
      const filter = JSON.parse(new URL(request.url).searchParams.get("filter") ?? "{}");
      const items = filter.value?.includes(ACME) ? [{ id: ACME, name: "Acme LLC" }] : [];
      return json({ items, nextCursor: null });
    },
  });
}

async function openDrill(path: string, filter: object) {
  const url = `${path}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
  window.history.replaceState({}, "", url);
  renderApp(url);
  const chips = await screen.findByRole("list", { name: i18n.t("filters.active") }, slow);
  return within(chips);
}

const texts = (chips: ReturnType<typeof within>) =>
  // Intl puts narrow no-break spaces before AM/PM.
  chips.getAllByRole("listitem").map((item: HTMLElement) => (item.textContent ?? "").replace(/\s/gu, " "));

beforeAll(giveElementsLayout);
afterEach(async () => {
  window.history.replaceState({}, "", "/");
  await i18n.changeLanguage("en");
});

describe("filter chips of a drill-down", () => {
  it("name stages, people, records and dates in English", slow, async () => {
    serve("deals", dealFields, "en");
    const chips = await openDrill("/deals", dealDrill);
    expect(await chips.findByText("Company is Acme LLC", {}, slow)).toBeInTheDocument();
    expect(texts(chips)).toEqual([
      "Passed the stage: Proposal",
      "Stay in a stage ended: Proposal, Nov 1, 2026, 12:00 AM – Dec 1, 2026, 12:00 AM",
      "Pipeline is Sales",
      "Stage is any of Won",
      "Closed at least Nov 1, 2026, 12:00 AM",
      "Close date at least Dec 1, 2026",
      "Responsible is Olga Smirnova",
      "Company is Acme LLC",
      "Currency is empty",
    ]);
  });

  it("read in Russian, with dates in the Russian order", slow, async () => {
    await i18n.changeLanguage("ru");
    serve("deals", dealFields, "ru");
    const chips = await openDrill("/deals", dealDrill);
    await chips.findByText(/Acme LLC/, {}, slow);
    const all = texts(chips).join("\n");
    expect(all).toContain(`${i18n.t("fields.deals.passedStage")}: Proposal`);
    expect(all).toContain(
      `${i18n.t("fields.deals.stageStay")}: Proposal, 01.11.2026 00:00 – 01.12.2026 00:00`,
    );
    expect(all).toContain(
      `${i18n.t("fields.deals.expectedCloseDate")} ${i18n.t("filters.ops.gte")} 01.12.2026`,
    );
    expect(all).toContain("Olga Smirnova");
    expect(all).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|passedStage|stageStay|T23:00|2026-12-01/);
  });

  it.each(["en", "ru"])("label activity kinds, directions and yes/no (%s)", slow, async (language) => {
    await i18n.changeLanguage(language);
    serve("activities", activityFields, language);
    const chips = await openDrill("/activities", activityDrill);
    const t = (key: string) => i18n.t(key);
    expect(texts(chips)).toEqual([
      `${t("fields.activities.kind")} ${t("filters.ops.eq")} ${t("options.kind.call")}`,
      `${t("fields.activities.direction")} ${t("filters.ops.eq")} ${t("options.direction.in")}`,
      `${t("fields.activities.withContacts")} ${t("filters.ops.eq")} ${t("table.no")}`,
      `${t("fields.activities.occurredAt")} ${t("filters.ops.lt")} ${language === "ru" ? "01.12.2026 00:00" : "Dec 1, 2026, 12:00 AM"}`,
    ]);
  });
});
