import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { BusinessCalendarPage } from "./BusinessCalendarPage";

const URL = "/api/v1/business-calendar";
const slow = { timeout: 20_000 };
const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" }));

describe("business calendar settings", { timeout: 40_000 }, () => {
  it("saves a working Saturday and imports a pasted list of holidays", async () => {
    const calendar = { configured: false, timeZone: null, week, dates: [] };
    const net = installFakeFetch({
      [`GET ${URL}`]: () => json(calendar),
      [`PUT ${URL}`]: async (request) =>
        json({ ...calendar, configured: true, ...((await request.json()) as object) }),
      [`POST ${URL}/dates`]: () => json({ ...calendar, configured: true }),
    });
    renderWithProviders(<BusinessCalendarPage />);
    const saturday = await screen.findByRole("checkbox", { name: "Saturday" }, slow);
    expect(saturday).not.toBeChecked();
    await userEvent.click(saturday);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(net.callsTo(`PUT ${URL}`)[0]?.body).toEqual({
        timeZone: null,
        week: [...week, { weekday: 6, start: "09:00", end: "18:00" }],
      }),
    );

    await userEvent.type(screen.getByLabelText(/Paste a list/), "2027-01-07; holiday; Christmas");
    await userEvent.click(screen.getByRole("checkbox", { name: /Replace the dates/ }));
    await userEvent.click(screen.getByRole("button", { name: "Import 1" }));
    await waitFor(() =>
      expect(net.callsTo(`POST ${URL}/dates`)[0]?.body).toEqual({
        dates: [{ day: "2027-01-07", kind: "holiday", name: "Christmas", start: null, end: null }],
        replaceYears: [2027],
      }),
    );
  });
});
