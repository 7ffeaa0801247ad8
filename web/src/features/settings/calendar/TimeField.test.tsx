import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../../test/fakeFetch";
import { renderWithProviders } from "../../../test/render";
import { BusinessCalendarPage } from "./BusinessCalendarPage";
import { calendarTime } from "./TimeField";

const URL = "/api/v1/business-calendar";
const slow = { timeout: 20_000 };
const week = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "18:00" }));

describe("working hours typed as people write them", { timeout: 40_000 }, () => {
  it("reads 9.30, 9:30, 930, 17 and 24:00 as 24-hour times, and nothing else", () => {
    expect(["9.30", "9:30", "930", "17", "24:00", "24", "5:30 pm"].map(calendarTime)).toEqual([
      "09:30",
      "09:30",
      "09:30",
      "17:00",
      "24:00",
      "24:00",
      "17:30",
    ]);
    expect(["25", "9.75", "abc", ""].map(calendarTime)).toEqual([null, null, null, null]);
  });

  it("saves Monday's 9.30–17.30 as 09:30–17:30 and says when a time is not one", async () => {
    const calendar = { configured: true, timeZone: null, week, dates: [] };
    const net = installFakeFetch({
      [`GET ${URL}`]: () => json(calendar),
      [`PUT ${URL}`]: async (request) => json({ ...calendar, ...((await request.json()) as object) }),
    });
    renderWithProviders(<BusinessCalendarPage />);
    const start = await screen.findByRole("textbox", { name: "Monday Start" }, slow);
    await userEvent.clear(start);
    await userEvent.type(start, "9.30");
    const end = screen.getByRole("textbox", { name: "Monday End" });
    await userEvent.clear(end);
    await userEvent.type(end, "17.30");
    await userEvent.tab();
    expect(start).toHaveValue("09:30");
    expect(end).toHaveValue("17:30");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(net.callsTo(`PUT ${URL}`)[0]?.body).toMatchObject({
        week: [{ weekday: 1, start: "09:30", end: "17:30" }, ...week.slice(1)],
      }),
    );
    const tuesday = screen.getByRole("textbox", { name: "Tuesday Start" });
    await userEvent.clear(tuesday);
    await userEvent.type(tuesday, "9.75");
    await userEvent.tab();
    expect(await screen.findByText("Not a time. Type it as 10:30.")).toBeInTheDocument();
  });
});
