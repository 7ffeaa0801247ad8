import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";
import type { Board, BoardDeal, Pipeline } from "./types";

const slow = { timeout: 20_000 };
const P = "00000000-0000-4000-8000-0000000000a1";
const S = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const D = (n: number) => `00000000-0000-4000-8000-0000000000d${n}`;
const T = (n: number) => `00000000-0000-4000-8000-0000000000e${n}`;

const pipeline: Pipeline = {
  id: P,
  name: "Sales",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: S(1), name: "New", position: 0, probability: 10, kind: "open" },
    { id: S(2), name: "Won", position: 1, probability: 100, kind: "won" },
  ],
};

const deal = (n: number, title: string, nextTask: BoardDeal["nextTask"]): BoardDeal => ({
  id: D(n),
  title,
  stageId: S(1),
  amount: "100.00",
  currency: "EUR",
  ownerId: adminUser.id,
  ...(nextTask === undefined ? {} : { nextTask }),
});

const firstPage = (): Board => ({
  pipelineId: P,
  ratesOn: "2026-12-07",
  total: { count: 4 },
  stages: [
    {
      stageId: S(1),
      count: 4,
      sums: [{ currency: "EUR", amount: "400.00" }],
      items: [
        deal(1, "Overdue deal", {
          id: T(1),
          title: "Call the buyer",
          dueAt: "2026-03-02T09:00:00Z",
          overdue: true,
        }),
        deal(2, "Planned deal", {
          id: T(2),
          title: "Send the offer",
          dueAt: "2099-05-01T09:00:00Z",
          overdue: false,
        }),
        deal(3, "Idle deal", null),
      ],
      nextCursor: "c1",
    },
    { stageId: S(2), count: 0, sums: [], items: [], nextCursor: null },
  ],
});

const columnPage = (): Board => ({
  pipelineId: P,
  ratesOn: "2026-12-07",
  total: { count: 4 },
  stages: [
    {
      stageId: S(1),
      count: 4,
      sums: [{ currency: "EUR", amount: "400.00" }],
      items: [deal(4, "Late page deal", { id: T(4), title: "Follow up", dueAt: null, overdue: false })],
      nextCursor: null,
    },
  ],
});

function routes(board: (request: Request) => Board) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/pipelines": () => json({ items: [pipeline] }),
    [`GET /api/v1/pipelines/${P}/board`]: (request) => json(board(request)),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
  });
}

const card = (title: string) => screen.getByText(title).closest("[data-testid='deal-card']") as HTMLElement;

// jsdom has no IntersectionObserver; the column's "load more" sentinel only needs one that never fires.
beforeAll(() => {
  globalThis.IntersectionObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  } as unknown as typeof IntersectionObserver;
});

describe("board cards: next task from the board answer", { timeout: 40_000 }, () => {
  it("shows each deal's next task, red and announced when overdue, or 'no next step'", async () => {
    const fake = routes(() => firstPage());
    renderApp("/pipeline");
    await screen.findByText("Overdue deal", {}, slow);

    const overdue = within(card("Overdue deal"));
    expect(overdue.getByText(/Call the buyer/)).toHaveTextContent(/^Overdue: .*2026.* · Call the buyer$/);
    expect(overdue.getByText(/Call the buyer/).closest("[data-overdue]")).not.toBeNull();

    const planned = within(card("Planned deal"));
    expect(planned.getByText(/Send the offer/)).not.toHaveTextContent("Overdue");
    expect(planned.getByText(/Send the offer/).closest("[data-overdue]")).toBeNull();

    expect(within(card("Idle deal")).getByText("No next step")).toBeInTheDocument();
    // The next tasks come with the board: no separate task list is fetched.
    expect(fake.callsTo("GET /api/v1/tasks")).toHaveLength(0);
  });

  it("loads a further column page from the board endpoint, with next tasks", async () => {
    const fake = routes((request) =>
      new URL(request.url).searchParams.get("cursor") ? columnPage() : firstPage(),
    );
    renderApp("/pipeline");
    await screen.findByText("Overdue deal", {}, slow);
    await userEvent.click(screen.getByRole("button", { name: "Show more" }));
    expect(await screen.findByText("Late page deal")).toBeInTheDocument();
    expect(within(card("Late page deal")).getByText("Follow up")).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo(`GET /api/v1/pipelines/${P}/board`)).toHaveLength(2));
    const query = new URLSearchParams(fake.callsTo(`GET /api/v1/pipelines/${P}/board`)[1]?.query);
    expect(query.get("stageId")).toBe(S(1));
    expect(query.get("cursor")).toBe("c1");
    expect(fake.callsTo("GET /api/v1/deals")).toHaveLength(0);
  });

  it("shows no next-step line when the role cannot read tasks", async () => {
    routes(() => {
      const board = firstPage();
      const stage = board.stages[0]!;
      stage.items = stage.items.map(({ nextTask: _omit, ...rest }) => rest);
      return board;
    });
    renderApp("/pipeline");
    await screen.findByText("Overdue deal", {}, slow);
    expect(screen.queryByText("No next step")).toBeNull();
    expect(screen.queryByText(/Call the buyer/)).toBeNull();
  });
});
