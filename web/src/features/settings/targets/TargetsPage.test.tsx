import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { TargetsPage } from "./TargetsPage";

const slow = { timeout: 20_000 };
const year = new Date().getFullYear();
const anna = { id: "00000000-0000-4000-8000-000000000001", name: "Anna" };

describe("sales targets", { timeout: 40_000 }, () => {
  it("shows a person's month targets, saves a typed one and removes an emptied one", async () => {
    const net = installFakeFetch({
      "GET /api/v1/analytics/targets": () =>
        json({
          items: [
            {
              id: "t-march",
              userId: anna.id,
              teamId: null,
              month: `${year}-03`,
              amount: { amount: "1000.00", currency: "RUB" },
            },
          ],
        }),
      "POST /api/v1/analytics/targets": async (request) =>
        json({ id: "t-new", ...((await request.json()) as object) }),
      "DELETE /api/v1/analytics/targets/t-march": () => new Response(null, { status: 204 }),
      "GET /api/v1/users": () => json({ items: [{ ...anna, isActive: true }], nextCursor: null }),
      "GET /api/v1/teams": () => json({ items: [] }),
      "GET /api/v1/settings/default-currency": () => json({ currency: "RUB" }),
    });
    renderWithProviders(<TargetsPage />);
    const march = await screen.findByLabelText("Anna Mar", {}, slow);
    await waitFor(() => expect(march).toHaveValue("1,000"));

    const april = screen.getByLabelText("Anna Apr");
    await userEvent.type(april, "2500{Enter}");
    await waitFor(() =>
      expect(net.callsTo("POST /api/v1/analytics/targets")[0]?.body).toEqual({
        userId: anna.id,
        month: `${year}-04`,
        amount: { amount: "2500", currency: "RUB" },
      }),
    );

    await userEvent.clear(march);
    await userEvent.tab();
    await waitFor(() => expect(net.callsTo("DELETE /api/v1/analytics/targets/t-march")).toHaveLength(1));
  });
});
