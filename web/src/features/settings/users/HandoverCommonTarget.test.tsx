import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import type { AdminUser } from "../api";
import { HandoverWizard } from "./HandoverWizard";

const leaving: AdminUser = {
  id: "00000000-0000-4000-8000-000000000010",
  name: "Lena Leaving",
  email: "lena@example.com",
  avatarUrl: null,
  isActive: true,
  position: null,
  teamId: null,
};
const tom: AdminUser = { ...leaving, id: "00000000-0000-4000-8000-000000000011", name: "Tom Taker" };
const ann: AdminUser = { ...leaving, id: "00000000-0000-4000-8000-000000000012", name: "Ann Other" };

const personIn = (card: HTMLElement) => {
  const input = within(card)
    .getAllByLabelText("Person")
    .find((element) => element.tagName === "INPUT");
  if (!input) throw new Error("no Person input");
  return input;
};
const cardOf = (text: string) => screen.getByText(text).closest(".mantine-Card-root") as HTMLElement;

describe("HandoverWizard: one target for everything", () => {
  it("hands every type to the common target, and a type with its own target to that one", {
    timeout: 30_000,
  }, async () => {
    const net = installFakeFetch({
      [`GET /api/v1/users/${leaving.id}/handover-plan`]: () =>
        json({
          userId: leaving.id,
          entities: [
            { entity: "deals", label: "Deals", count: 4 },
            { entity: "companies", label: "Companies", count: 2 },
            { entity: "tasks", label: "Tasks", count: 7 },
          ],
        }),
      "GET /api/v1/users": () => json({ items: [leaving, tom, ann], nextCursor: null }),
      "GET /api/v1/teams": () => json({ items: [], nextCursor: null }),
      [`POST /api/v1/users/${leaving.id}/deactivate`]: () =>
        json({
          userId: leaving.id,
          deactivatedAt: "2026-01-01T00:00:00Z",
          transferred: {},
          sessionsRevoked: 0,
          tokensRevoked: 0,
        }),
    });
    const user = userEvent.setup();
    renderWithProviders(<HandoverWizard user={leaving} onClose={() => undefined} />);
    await screen.findByText("Deals: Records: 4");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByText("All record types");
    // Only the common target is asked for until a type wants its own.
    expect(screen.getAllByLabelText("Person").filter((e) => e.tagName === "INPUT")).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await within(cardOf("All record types")).findByText("Choose a person")).toBeInTheDocument();

    await user.click(personIn(cardOf("All record types")));
    await user.click(await screen.findByRole("option", { name: "Tom Taker" }));
    await user.click(screen.getByRole("switch", { name: "A different target for Tasks" }));
    await user.click(personIn(cardOf("Tasks")));
    await user.click(await screen.findByRole("option", { name: "Ann Other" }));
    await user.click(screen.getByRole("button", { name: "Continue" }));
    await user.click(await screen.findByRole("button", { name: "Deactivate and hand over" }));
    await waitFor(() => expect(net.callsTo(`POST /api/v1/users/${leaving.id}/deactivate`)).toHaveLength(1));
    expect(net.calls.find((c) => c.method === "POST")?.body).toEqual({
      plan: { deals: { toUserId: tom.id }, companies: { toUserId: tom.id }, tasks: { toUserId: ann.id } },
    });
  });
});
