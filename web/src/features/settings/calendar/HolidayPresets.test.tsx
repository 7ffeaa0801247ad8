import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { BusinessCalendarPage } from "./BusinessCalendarPage";

const URL = "/api/v1/business-calendar";
const slow = { timeout: 20_000 };
const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" }));

describe("holiday presets", { timeout: 40_000 }, () => {
  it("adds a country's holidays of the year as named dates, keeping the days the calendar has", async () => {
    const year = new Date().getFullYear() + 1;
    const own = { day: `${year}-01-08`, kind: "workday", name: "Ours", start: null, end: null };
    const calendar = { configured: true, timeZone: null, week, dates: [own] };
    const net = installFakeFetch({
      [`GET ${URL}`]: () => json(calendar),
      [`GET ${URL}/presets/KZ`]: () =>
        json({
          country: "KZ",
          year,
          manual: ["decreeTransfers", "kurbanAit"],
          holidays: [
            { day: `${year}-01-08`, key: "newYear", carriedFrom: null },
            { day: `${year}-03-21`, key: "nauryz", carriedFrom: null },
            { day: `${year}-03-24`, key: "nauryz", carriedFrom: `${year}-03-21` },
          ],
        }),
      [`POST ${URL}/dates`]: () => json(calendar),
    });
    renderWithProviders(<BusinessCalendarPage />);
    await userEvent.click(await screen.findByLabelText("Country", { selector: "input" }, slow));
    await userEvent.click(await screen.findByRole("option", { name: "Kazakhstan" }));
    expect(screen.getByText(/Kurban Ait follows the lunar calendar/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: `Add holidays of Kazakhstan ${year}` }));
    await waitFor(() => expect(net.callsTo(`POST ${URL}/dates`)).toHaveLength(1));
    expect(net.callsTo(`GET ${URL}/presets/KZ`)[0]?.query).toBe(`?year=${year}`);
    expect(net.callsTo(`POST ${URL}/dates`)[0]?.body).toEqual({
      dates: [
        { day: `${year}-03-21`, kind: "holiday", name: "Nauryz", start: null, end: null },
        {
          day: `${year}-03-24`,
          kind: "holiday",
          name: `Nauryz (carried over from 03/21/${year})`,
          start: null,
          end: null,
        },
      ],
      replaceYears: [],
    });
  });
});
