import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";
import type { Board, Pipeline } from "./types";

const slow = { timeout: 20_000 };
const P = "00000000-0000-4000-8000-0000000000p1".replace("p1", "a1");
const S = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const D1 = "00000000-0000-4000-8000-0000000000d1";

const pipeline: Pipeline = {
  id: P,
  name: "Sales",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: S(1), name: "New", position: 0, probability: 10, kind: "open" },
    { id: S(2), name: "Proposal", position: 1, probability: 50, kind: "open" },
    { id: S(3), name: "Lost", position: 2, probability: 0, kind: "lost" },
  ],
};

const board = (): Board => ({
  pipelineId: P,
  ratesOn: "2026-12-07",
  total: { count: 1 },
  stages: [
    {
      stageId: S(1),
      count: 1,
      sums: [{ currency: "EUR", amount: "1200.50" }],
      items: [
        {
          id: D1,
          title: "Acme renewal",
          stageId: S(1),
          amount: "1200.50",
          currency: "EUR",
          ownerId: adminUser.id,
        },
      ],
      nextCursor: null,
    },
    { stageId: S(2), count: 0, sums: [], items: [], nextCursor: null },
    { stageId: S(3), count: 0, items: [], nextCursor: null },
  ],
});

function routes(move: Parameters<typeof installFakeFetch>[0][string]) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/pipelines": () => json({ items: [pipeline] }),
    [`GET /api/v1/pipelines/${P}/board`]: () => json(board()),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    [`POST /api/v1/deals/${D1}/move`]: move,
  });
}

const column = (name: string) => screen.getByRole("region", { name });

async function moveViaMenu(stage: string) {
  await userEvent.click(screen.getByRole("button", { name: "Move “Acme renewal”" }));
  await userEvent.click(await screen.findByRole("menuitem", { name: stage }));
}

describe("pipeline board", { timeout: 40_000 }, () => {
  it("shows stages with counts and locale-formatted sums; hidden sums read —", async () => {
    routes(() => json({}));
    renderApp("/pipeline");
    await screen.findByText("Acme renewal", {}, slow);
    expect(column("New")).toHaveTextContent("€1,200.50");
    expect(within(column("New")).getByText("1 deal")).toBeInTheDocument();
    expect(within(column("Lost")).getByText("—")).toBeInTheDocument();
  });

  it("moves a card optimistically and rolls back when the server refuses", async () => {
    let release: (response: Response) => void = () => undefined;
    const fake = routes(() => new Promise<Response>((resolve) => (release = resolve)));
    renderApp("/pipeline");
    await screen.findByText("Acme renewal", {}, slow);

    await moveViaMenu("Proposal");
    await waitFor(() => expect(within(column("Proposal")).getByText("Acme renewal")).toBeInTheDocument());
    expect(column("Proposal")).toHaveTextContent("€1,200.50");
    expect(within(column("New")).queryByText("Acme renewal")).not.toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)[0]?.body).toEqual({ stageId: S(2) });

    release(problem(409, "conflict", { detail: "Stage changed meanwhile." }));
    await waitFor(() => expect(within(column("New")).getByText("Acme renewal")).toBeInTheDocument());
    expect(within(column("Proposal")).queryByText("Acme renewal")).not.toBeInTheDocument();
    expect(await screen.findByText("The deal could not be moved")).toBeInTheDocument();
  });

  it("asks for a lost reason before moving to a lost stage", async () => {
    const fake = routes(() => json({}));
    renderApp("/pipeline");
    await screen.findByText("Acme renewal", {}, slow);

    await moveViaMenu("Lost");
    const dialog = await screen.findByRole("dialog", { name: "Why was “Acme renewal” lost?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    expect(await within(dialog).findByText("This field is required")).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)).toHaveLength(0);

    await userEvent.type(within(dialog).getByRole("textbox", { name: /Lost reason/ }), "Budget cut");
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)).toHaveLength(1));
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)[0]?.body).toEqual({
      stageId: S(3),
      lostReason: "Budget cut",
    });
  });

  it("cancelling the lost dialog leaves the deal where it was", async () => {
    const fake = routes(() => json({}));
    renderApp("/pipeline");
    await screen.findByText("Acme renewal", {}, slow);
    await moveViaMenu("Lost");
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(within(column("New")).getByText("Acme renewal")).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)).toHaveLength(0);
  });
});
