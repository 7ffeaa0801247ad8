import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const P = "00000000-0000-4000-8000-0000000000a1";
const S = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const D1 = "00000000-0000-4000-8000-0000000000d1";

const pipeline = {
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

const deal = {
  id: D1,
  title: "Acme renewal",
  amount: "1200.50",
  currency: "EUR",
  pipelineId: P,
  stageId: S(1),
  probability: 10,
  ownerId: adminUser.id,
  lostReason: null,
  tags: [],
  custom: {},
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  permissions: { update: true, delete: true, assign: true },
};

type Access = "write" | "readonly" | "hidden";
const meta = (rules: Record<string, Access>) =>
  ["id", "title", "amount", "currency", "pipelineId", "stageId", "lostReason", "ownerId"]
    .filter((key) => rules[key] !== "hidden")
    .map((key) => ({
      key,
      type: key === "amount" ? "money" : key === "stageId" || key === "pipelineId" ? "link" : "text",
      filterable: true,
      sortable: true,
      custom: false,
      access: rules[key] ?? (key === "id" ? "readonly" : "write"),
    }));

type Handler = Parameters<typeof installFakeFetch>[0][string];

function routes(
  opts: {
    rules?: Record<string, Access>;
    record?: object;
    patch?: Handler;
    move?: Handler;
    update?: "all" | "team" | "own" | "none";
  } = {},
) {
  const me: Me = {
    ...adminUser,
    permissions: { deals: { read: "all", update: opts.update ?? "all", assign: "all" } },
  };
  // The server presents what the caller may do with this deal: its update scope applied to the deal's owner.
  const given = (opts.record ?? deal) as { ownerId?: string };
  const update = opts.update ?? "all";
  const mayUpdate = update === "all" || update === "team" || (update === "own" && given.ownerId === me.id);
  const record = { ...given, permissions: { update: mayUpdate, delete: mayUpdate, assign: true } };
  return installFakeFetch({
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/custom-fields/meta/deals": () => json({ items: meta(opts.rules ?? {}) }),
    "GET /api/v1/custom-fields": () => json({ items: [] }),
    "GET /api/v1/users": () =>
      json({ items: [{ id: adminUser.id, name: adminUser.name, isActive: true }], nextCursor: null }),
    "GET /api/v1/pipelines": () => json({ items: [pipeline] }),
    [`GET /api/v1/deals/${D1}`]: () => json(record),
    "GET /api/v1/tasks": () => json({ items: [], nextCursor: null }),
    [`GET /api/v1/timeline/deals/${D1}`]: () => json({ items: [], nextCursor: null }),
    [`PATCH /api/v1/deals/${D1}`]: opts.patch ?? (() => json(record)),
    [`POST /api/v1/deals/${D1}/move`]: opts.move ?? (() => json(record)),
  });
}

async function openMoneyForm() {
  await userEvent.click(await screen.findByRole("button", { name: "Edit amount" }, slow));
  const form = await screen.findByRole("form", { name: "Edit amount" });
  const amount = within(form).getByLabelText("Amount", { selector: "input" });
  const currency = within(form).getByLabelText("Currency", { selector: "input" });
  const save = within(form).getByRole("button", { name: "Save" });
  return { form, amount, currency, save };
}

describe("deal page: amount and stage", { timeout: 60_000 }, () => {
  it("edits amount and currency and shows the saved amount", async () => {
    const fake = routes({
      patch: async (request) => json({ ...deal, ...((await request.json()) as object) }),
    });
    renderApp(`/deals/${D1}`);
    const { amount, currency, save } = await openMoneyForm();
    expect(amount).toHaveValue("1200.50");
    await userEvent.clear(amount);
    await userEvent.type(amount, "2 500,75");
    await userEvent.clear(currency);
    await userEvent.type(currency, "rsd");
    await userEvent.click(save);
    await waitFor(() => expect(fake.callsTo(`PATCH /api/v1/deals/${D1}`)).toHaveLength(1));
    expect(fake.callsTo(`PATCH /api/v1/deals/${D1}`)[0]?.body).toEqual({
      amount: "2500.75",
      currency: "RSD",
    });
    expect(await screen.findByText(/2[,.\s\u00a0]?500\.75|2[,.\s\u00a0]?500,75/)).toBeInTheDocument();
  });

  it("refuses a malformed amount and currency before sending", async () => {
    const fake = routes();
    renderApp(`/deals/${D1}`);
    const { amount, currency, save } = await openMoneyForm();
    await userEvent.clear(amount);
    await userEvent.type(amount, "12.345");
    await userEvent.clear(currency);
    await userEvent.type(currency, "E1");
    await userEvent.click(save);
    expect(
      await screen.findByText("Enter a number ≥ 0 with at most 2 decimals, e.g. 1250.50"),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Use a three-letter currency code such as EUR, RUB, RSD, KZT or USD"),
    ).toBeInTheDocument();
    expect(fake.callsTo(`PATCH /api/v1/deals/${D1}`)).toHaveLength(0);
  });

  it("shows the server's per-field refusal next to the field, in the user's language", async () => {
    routes({
      patch: () =>
        problem(422, "validation_failed", {
          errors: [{ field: "currency", message: "Give the currency of the amount.", code: "required" }],
        }),
    });
    renderApp(`/deals/${D1}`);
    const { currency, save } = await openMoneyForm();
    await userEvent.click(save);
    expect(await screen.findByText("This field is required.")).toBeInTheDocument();
    expect(currency).toHaveAttribute("aria-invalid", "true");
    // The form stays open and the header still shows the stored amount.
    expect(save).toBeInTheDocument();
  });

  it("moves the deal to another stage of its pipeline", async () => {
    const fake = routes({ move: () => json({ ...deal, stageId: S(2), probability: 50 }) });
    renderApp(`/deals/${D1}`);
    const select = await screen.findByLabelText("Stage", { selector: "input" }, slow);
    expect(select).toHaveValue("New");
    await userEvent.click(select);
    await userEvent.click(await screen.findByRole("option", { name: "Proposal" }));
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)).toHaveLength(1));
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)[0]?.body).toEqual({ stageId: S(2) });
    await waitFor(() => expect(select).toHaveValue("Proposal"));
    expect(screen.getByText("50% probability")).toBeInTheDocument();
  });

  it("asks for the lost reason before moving to a lost stage; cancelling moves nothing", async () => {
    const fake = routes({ move: () => json({ ...deal, stageId: S(3), lostReason: "Too expensive" }) });
    renderApp(`/deals/${D1}`);
    const select = await screen.findByLabelText("Stage", { selector: "input" }, slow);
    await userEvent.click(select);
    await userEvent.click(await screen.findByRole("option", { name: "Lost" }));
    let dialog = await screen.findByRole("dialog", { name: "Why was “Acme renewal” lost?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)).toHaveLength(0);
    expect(select).toHaveValue("New");

    await userEvent.click(select);
    await userEvent.click(await screen.findByRole("option", { name: "Lost" }));
    dialog = await screen.findByRole("dialog", { name: "Why was “Acme renewal” lost?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    expect(await within(dialog).findByText("This field is required")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Lost reason/ }), "Too expensive");
    await userEvent.click(within(dialog).getByRole("button", { name: "Mark as lost" }));
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)).toHaveLength(1));
    expect(fake.callsTo(`POST /api/v1/deals/${D1}/move`)[0]?.body).toEqual({
      stageId: S(3),
      lostReason: "Too expensive",
    });
    await waitFor(() => expect(select).toHaveValue("Lost"));
  });

  it("keeps the stored stage when the server refuses the move", async () => {
    routes({ move: () => problem(403, "forbidden") });
    renderApp(`/deals/${D1}`);
    const select = await screen.findByLabelText("Stage", { selector: "input" }, slow);
    await userEvent.click(select);
    await userEvent.click(await screen.findByRole("option", { name: "Proposal" }));
    expect(await screen.findByText("You do not have permission to do this.")).toBeInTheDocument();
    expect(select).toHaveValue("New");
  });

  it("shows read-only fields without controls and leaves hidden ones out", async () => {
    const { amount: _amount, currency: _currency, ...withoutMoney } = deal;
    routes({
      rules: { amount: "hidden", currency: "hidden", stageId: "readonly" },
      record: withoutMoney,
    });
    renderApp(`/deals/${D1}`);
    expect(await screen.findByText("10% probability", {}, slow)).toBeInTheDocument();
    expect(await screen.findByText("New")).toBeInTheDocument();
    expect(screen.queryByLabelText("Stage", { selector: "input" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Edit amount" })).toBeNull();
    expect(screen.queryByText("No amount")).toBeNull();
  });

  it("shows a read-only amount without the edit button", async () => {
    routes({ rules: { amount: "readonly" } });
    renderApp(`/deals/${D1}`);
    expect(await screen.findByText(/1[,.\s\u00a0]?200[.,]50/, {}, slow)).toBeInTheDocument();
    await screen.findByLabelText("Stage", { selector: "input" });
    expect(screen.queryByRole("button", { name: "Edit amount" })).toBeNull();
  });

  it("offers no editing when the role may not update this deal", async () => {
    for (const [update, ownerId] of [
      ["none", adminUser.id],
      ["own", "00000000-0000-4000-8000-000000000777"],
    ] as const) {
      const fake = routes({ update, record: { ...deal, ownerId } });
      const view = renderApp(`/deals/${D1}`);
      expect(await screen.findByText(/1[,.\s\u00a0]?200[.,]50/, {}, slow)).toBeInTheDocument();
      expect(await screen.findByText("New")).toBeInTheDocument();
      expect(screen.queryByLabelText("Stage", { selector: "input" })).toBeNull();
      expect(screen.queryByRole("button", { name: "Edit amount" })).toBeNull();
      expect(fake.callsTo(`PATCH /api/v1/deals/${D1}`)).toHaveLength(0);
      view.unmount();
    }
  });
});
