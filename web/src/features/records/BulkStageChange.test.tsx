import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { giveElementsLayout, listRoutes, uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";

const slow = { timeout: 20_000 };
const OPEN = uuid(501);
const LOST = uuid(503);
const pipeline = {
  id: uuid(500),
  name: "Sales",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: OPEN, name: "Proposal", position: 0, probability: 50, kind: "open" },
    { id: LOST, name: "Lost", position: 1, probability: 0, kind: "lost" },
  ],
};
const dealFields = [
  { key: "title", type: "text", filterable: true, sortable: true, custom: false, access: "write" },
  { key: "ownerId", type: "user", filterable: true, sortable: false, custom: false, access: "write" },
];
const deal = (n: number, title: string) => ({ id: uuid(n), title, stageId: OPEN, ownerId: adminUser.id });

beforeAll(giveElementsLayout);

async function changeStageOfAll(stage: string) {
  const rows = await screen.findAllByRole("checkbox", { name: "Select row" }, slow);
  for (const row of rows) await userEvent.click(row);
  await userEvent.click(screen.getByRole("button", { name: "Change stage" }));
  const dialog = await screen.findByRole("dialog", { name: "Change stage" }, slow);
  await userEvent.click(within(dialog).getAllByLabelText("Stage")[0] as HTMLElement);
  await userEvent.click(await screen.findByRole("option", { name: stage }));
  await userEvent.click(within(dialog).getByRole("button", { name: "Apply" }));
}

describe("bulk stage change", { timeout: 60_000 }, () => {
  it("asks once for the lost reason and sends it with every move", async () => {
    const fake = installFakeFetch({
      ...listRoutes("deals", [deal(1, "Acme renewal"), deal(2, "Globex pilot")], dealFields, [pipeline]),
      [`POST /api/v1/deals/${uuid(1)}/move`]: () => json(deal(1, "Acme renewal")),
      [`POST /api/v1/deals/${uuid(2)}/move`]: () => json(deal(2, "Globex pilot")),
    });
    renderApp("/deals");
    await screen.findByText("Acme renewal", {}, slow);
    await changeStageOfAll("Lost");
    const ask = await screen.findByRole("dialog", { name: "Why was “2 deals” lost?" }, slow);
    expect(fake.callsTo(`POST /api/v1/deals/${uuid(1)}/move`)).toHaveLength(0);
    await userEvent.click(within(ask).getByRole("button", { name: "Mark as lost" }));
    expect(fake.calls.filter((c) => c.path.endsWith("/move"))).toHaveLength(0); // a reason is required
    await userEvent.type(within(ask).getByRole("textbox", { name: /Lost reason/ }), "Budget cut");
    await userEvent.click(within(ask).getByRole("button", { name: "Mark as lost" }));
    await waitFor(() => expect(fake.calls.filter((c) => c.path.endsWith("/move"))).toHaveLength(2));
    for (const call of fake.calls.filter((c) => c.path.endsWith("/move")))
      expect(call.body).toEqual({ stageId: LOST, lostReason: "Budget cut" });
    expect(await screen.findByText("Done: 2 records.")).toBeInTheDocument();
  });

  it("moves to an open stage without asking", async () => {
    const fake = installFakeFetch({
      ...listRoutes("deals", [deal(1, "Acme renewal")], dealFields, [pipeline]),
      [`POST /api/v1/deals/${uuid(1)}/move`]: () => problem(409, "conflict"),
    });
    renderApp("/deals");
    await screen.findByText("Acme renewal", {}, slow);
    await changeStageOfAll("Proposal");
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/deals/${uuid(1)}/move`)).toHaveLength(1));
    expect(fake.callsTo(`POST /api/v1/deals/${uuid(1)}/move`)[0]?.body).toEqual({ stageId: OPEN });
    expect(screen.queryByRole("dialog", { name: /lost\?/ })).toBeNull();
    expect(await screen.findByText("1 record could not be changed.")).toBeInTheDocument();
  });
});
