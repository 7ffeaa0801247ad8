import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";
import type { Board, Pipeline } from "./types";

const slow = { timeout: 20_000 };
const P = "00000000-0000-4000-8000-0000000000a1";
const S = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString();

const pipeline: Pipeline = {
  id: P,
  name: "Sales",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: S(1), name: "New", position: 0, probability: 10, kind: "open", rotDays: 7 },
    { id: S(2), name: "Proposal", position: 1, probability: 50, kind: "open", rotDays: null },
    { id: S(3), name: "Lost", position: 2, probability: 0, kind: "lost", rotDays: null },
  ],
};

const deal = (id: string, title: string, stageId: string, enteredDaysAgo: number) => ({
  id: `00000000-0000-4000-8000-0000000000${id}`,
  title,
  stageId,
  ownerId: adminUser.id,
  stageEnteredAt: daysAgo(enteredDaysAgo),
});

const board = (): Board => ({
  pipelineId: P,
  ratesOn: "2026-12-07",
  total: { count: 1 },
  stages: [
    {
      stageId: S(1),
      count: 2,
      sums: [],
      items: [deal("d1", "Stale deal", S(1), 12), deal("d2", "Fresh deal", S(1), 3)],
      nextCursor: null,
    },
    { stageId: S(2), count: 1, sums: [], items: [deal("d3", "No limit deal", S(2), 90)], nextCursor: null },
    { stageId: S(3), count: 0, items: [], nextCursor: null },
  ],
});

function routes() {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/pipelines": () => json({ items: [pipeline] }),
    [`GET /api/v1/pipelines/${P}/board`]: () => json(board()),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/settings/default-currency": () => json({ currency: "RUB" }),
    "POST /api/v1/deals": () => json({ id: "00000000-0000-4000-8000-0000000000d9", title: "x" }, 201),
  });
}

const column = (name: string) => screen.getByRole("region", { name });
const card = (title: string) =>
  screen.getByText(title).closest("[data-testid], .mantine-Paper-root") as HTMLElement;

describe("pipeline board: quick add and rotting deals", { timeout: 40_000 }, () => {
  it("marks only deals sitting longer than their stage's expected days", async () => {
    routes();
    renderApp("/pipeline");
    await screen.findByText("Stale deal", {}, slow);
    expect(within(card("Stale deal")).getByTestId("deal-rotting")).toHaveTextContent("12 days in stage");
    expect(within(card("Fresh deal")).queryByTestId("deal-rotting")).not.toBeInTheDocument();
    expect(within(card("No limit deal")).queryByTestId("deal-rotting")).not.toBeInTheDocument();
  });

  it("adds a deal in a column with the stage preset and the workspace currency", async () => {
    const fake = routes();
    renderApp("/pipeline");
    await screen.findByText("Stale deal", {}, slow);
    expect(within(column("Lost")).queryByRole("button", { name: "Add a deal" })).not.toBeInTheDocument();
    await userEvent.click(within(column("Proposal")).getByRole("button", { name: "Add a deal" }));
    const form = within(column("Proposal")).getByRole("form", { name: "Add a deal" });
    await userEvent.click(within(form).getByRole("button", { name: "Add" }));
    expect(await within(form).findByText("Enter the deal title")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/deals")).toHaveLength(0);

    await userEvent.type(within(form).getByRole("textbox", { name: "Title" }), "Quick one");
    await userEvent.type(within(form).getByRole("textbox", { name: "Amount" }), "1500");
    await waitFor(() => expect(fake.callsTo("GET /api/v1/settings/default-currency")).not.toHaveLength(0));
    await userEvent.click(within(form).getByRole("button", { name: "Add" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/deals")).toHaveLength(1));
    expect(fake.callsTo("POST /api/v1/deals")[0]?.body).toEqual({
      title: "Quick one",
      pipelineId: P,
      stageId: S(2),
      amount: "1500",
      currency: "RUB",
    });
    await waitFor(() => expect(fake.callsTo(`GET /api/v1/pipelines/${P}/board`).length).toBeGreaterThan(1));
  });
});
