import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../i18n";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";
import { todayIn } from "../../ui/dates/today";
import { applyMove } from "./boardModel";
import type { Board, Pipeline } from "./types";

const slow = { timeout: 20_000 };
const P = "00000000-0000-4000-8000-0000000000a1";
const S = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const D1 = "00000000-0000-4000-8000-0000000000d1";
const ZONE = "Asia/Almaty";

const pipeline: Pipeline = {
  id: P,
  name: "Продажи",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: S(1), name: "Новые", position: 0, probability: 10, kind: "open" },
    { id: S(2), name: "Договор", position: 1, probability: 80, kind: "open" },
    { id: S(3), name: "Только рубли", position: 2, probability: 90, kind: "open" },
  ],
};

const board = (): Board => ({
  pipelineId: P,
  ratesOn: "2026-12-07",
  total: {
    count: 4,
    sums: [
      { currency: "RUB", amount: "1000.50" },
      { currency: "USD", amount: "100.00" },
      { currency: "KZT", amount: "5000.00" },
    ],
    converted: { currency: "RUB", amount: "11227.74", missingRates: ["KZT"] },
  },
  stages: [
    {
      stageId: S(1),
      count: 2,
      sums: [
        { currency: "RUB", amount: "1000.50" },
        { currency: "USD", amount: "100.00" },
      ],
      converted: { currency: "RUB", amount: "10050.50", missingRates: [] },
      items: [{ id: D1, title: "Поставка", stageId: S(1), amount: "100.00", currency: "USD" }],
      nextCursor: null,
    },
    {
      stageId: S(2),
      count: 1,
      sums: [{ currency: "KZT", amount: "5000.00" }],
      converted: { currency: "RUB", amount: "0.00", missingRates: ["KZT"] },
      items: [],
      nextCursor: null,
    },
    {
      stageId: S(3),
      count: 1,
      sums: [{ currency: "RUB", amount: "1177.24" }],
      converted: { currency: "RUB", amount: "1177.24", missingRates: [] },
      items: [],
      nextCursor: null,
    },
  ],
});

afterEach(async () => {
  await i18n.changeLanguage("en");
});

const column = (name: string) => screen.getByRole("region", { name });
const sp = (text: string) => new RegExp(text.replace(/ /g, "[\\s\\u00a0\\u202f]"));

describe("board total in the workspace currency", { timeout: 40_000 }, () => {
  it("shows the server's converted totals in the user's language and names currencies without a rate", async () => {
    await i18n.changeLanguage("ru");
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json({ ...adminUser, language: "ru", timeZone: ZONE }),
      "GET /api/v1/pipelines": () => json({ items: [pipeline] }),
      [`GET /api/v1/pipelines/${P}/board`]: () => json(board()),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    });
    renderApp("/pipeline");
    await screen.findByText("Поставка", {}, slow);
    const total = screen.getByRole("group", { name: "Вся воронка" });
    expect(total).toHaveTextContent("4 сделки");
    expect(total).toHaveTextContent(sp("1 000,50 ₽"));
    expect(total).toHaveTextContent(sp("Итого в RUB: 11 227,74 ₽"));
    expect(within(total).getByText("без курса для KZT")).toBeInTheDocument();
    expect(column("Новые")).toHaveTextContent(sp("Итого в RUB: 10 050,50 ₽"));
    expect(within(column("Новые")).queryByText(/без курса/)).not.toBeInTheDocument();
    expect(within(column("Договор")).getByText("без курса для KZT")).toBeInTheDocument();
    // A column in the workspace currency only does not repeat its sum as a total.
    expect(within(column("Только рубли")).queryByTestId("converted-total")).not.toBeInTheDocument();
    // Converted with the rates of today in the profile's time zone, not the browser's.
    await waitFor(() => expect(fake.callsTo(`GET /api/v1/pipelines/${P}/board`).length).toBeGreaterThan(0));
    const query = new URLSearchParams(fake.callsTo(`GET /api/v1/pipelines/${P}/board`).at(-1)?.query);
    expect(query.get("ratesOn")).toBe(todayIn(ZONE));
  });

  it("drops a moved column's converted total until the server answers again (sums follow at once)", () => {
    const next = applyMove(board(), D1, S(2));
    expect(next.stages[0]).not.toHaveProperty("converted");
    expect(next.stages[1]).not.toHaveProperty("converted");
    expect(next.stages[2]?.converted?.amount).toBe("1177.24");
    expect(next.total).toEqual(board().total);
  });
});
