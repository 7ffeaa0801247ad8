import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import type { AdminUser } from "../api";
import { HandoverWizard } from "./HandoverWizard";

const slow = { timeout: 20_000 };
const leaving: AdminUser = {
  id: "00000000-0000-4000-8000-000000000010",
  name: "Lena Leaving",
  email: "lena@example.com",
  avatarUrl: null,
  isActive: true,
  position: null,
  teamId: null,
};
const taker: AdminUser = {
  ...leaving,
  id: "00000000-0000-4000-8000-000000000011",
  name: "Tom Taker",
  email: "t@e.x",
};

function routes(deactivate: Parameters<typeof installFakeFetch>[0][string]) {
  return installFakeFetch({
    [`GET /api/v1/users/${leaving.id}/handover-plan`]: () =>
      json({ userId: leaving.id, entities: [{ entity: "deals", label: "Deals", count: 4 }] }),
    "GET /api/v1/users": () => json({ items: [leaving, taker], nextCursor: null }),
    "GET /api/v1/teams": () => json({ items: [], nextCursor: null }),
    [`POST /api/v1/users/${leaving.id}/deactivate`]: deactivate,
  });
}

const personInput = () => {
  const input = screen.getAllByLabelText("Person").find((element) => element.tagName === "INPUT");
  if (!input) throw new Error("no Person input");
  return input;
};

describe("HandoverWizard", () => {
  it(
    "shows the plan, requires a target per entity, then deactivates with the chosen plan",
    slow,
    async () => {
      const net = routes(() =>
        json({
          userId: leaving.id,
          deactivatedAt: "2026-01-01T00:00:00Z",
          transferred: { deals: 4 },
          sessionsRevoked: 2,
          tokensRevoked: 1,
        }),
      );
      const user = userEvent.setup();
      renderWithProviders(<HandoverWizard user={leaving} onClose={() => undefined} />);
      expect(await screen.findByText("Deals: Records: 4")).toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Continue" }));
      // Step 2 cannot be left without a person.
      await user.click(await screen.findByRole("button", { name: "Continue" }));
      expect(await screen.findByText("Choose a person")).toBeInTheDocument();
      expect(screen.queryByLabelText(/Reason/)).not.toBeInTheDocument();
      await user.click(personInput());
      await user.click(await screen.findByRole("option", { name: "Tom Taker" }));
      await user.click(screen.getByRole("button", { name: "Continue" }));
      await user.type(await screen.findByLabelText(/Reason/), "Moved on");
      await user.click(screen.getByRole("button", { name: "Deactivate and hand over" }));
      await waitFor(() => expect(net.callsTo(`POST /api/v1/users/${leaving.id}/deactivate`)).toHaveLength(1));
      expect(net.calls.find((c) => c.method === "POST")?.body).toEqual({
        plan: { deals: { toUserId: taker.id } },
        reason: "Moved on",
      });
      expect(await screen.findByText("Lena Leaving has been deactivated.")).toBeInTheDocument();
      expect(screen.getByText("Sessions ended: 2")).toBeInTheDocument();
    },
  );

  it("explains a last-administrator refusal", slow, async () => {
    routes(() => problem(409, "last_administrator", { detail: "This is the last active administrator." }));
    const user = userEvent.setup();
    renderWithProviders(<HandoverWizard user={leaving} onClose={() => undefined} />);
    await screen.findByText("Deals: Records: 4");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await user.click(personInput());
    await user.click(await screen.findByRole("option", { name: "Tom Taker" }));
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await user.click(await screen.findByRole("button", { name: "Deactivate and hand over" }));
    expect(await screen.findByText(/Give someone else the Administrator role first/)).toBeInTheDocument();
  });
});
