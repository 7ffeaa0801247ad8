import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
import { RecordHistory } from "./RecordHistory";

const ID = uuid(1);
const PATH = `GET /api/v1/audit-log/records/companies/${ID}`;
const entry = (n: number, action: string, changes: object | null = null) => ({
  id: String(n),
  occurredAt: `2026-11-${String(10 + n).padStart(2, "0")}T10:00:00Z`,
  action,
  actor: { id: adminUser.id, name: adminUser.name },
  entity: "companies",
  entityId: ID,
  changes,
  details: {},
  ip: null,
});

describe("record history", { timeout: 30_000 }, () => {
  it("lists the record's audit entries and pages back with the cursor", async () => {
    const fake = installFakeFetch({
      [PATH]: [
        () =>
          json({
            items: [entry(2, "companies.updated", { city: { before: "Belgrade", after: "Niš" } })],
            nextCursor: "c1",
          }),
        () => json({ items: [entry(1, "companies.created")], nextCursor: null }),
      ],
    });
    renderWithProviders(<RecordHistory entity="companies" id={ID} />);
    expect(await screen.findByText("companies.updated")).toBeInTheDocument();
    expect(screen.getByText("Ada Admin")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Show older changes" }));
    expect(await screen.findByText("companies.created")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Show older changes" })).toBeNull());
    expect(fake.callsTo(PATH).map((c) => new URLSearchParams(c.query).get("cursor"))).toEqual([null, "c1"]);
  });

  it("says when nothing was recorded, and shows refusals", async () => {
    installFakeFetch({ [PATH]: () => json({ items: [], nextCursor: null }) });
    const { unmount } = renderWithProviders(<RecordHistory entity="companies" id={ID} />);
    expect(await screen.findByText("No changes recorded yet.")).toBeInTheDocument();
    unmount();
    installFakeFetch({ [PATH]: () => problem(404, "not_found") });
    renderWithProviders(<RecordHistory entity="companies" id={ID} />);
    expect(await screen.findByText("Not found.")).toBeInTheDocument();
  });
});
