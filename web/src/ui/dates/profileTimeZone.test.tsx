// The browser's zone differs from every profile zone below (issue 9: a call planned for 10:30 saved as 01:30).
process.env.TZ = "UTC";

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { PlanTaskDialog } from "../../features/my-day/PlanTaskDialog";
import { CreateTaskDialog } from "../../features/tasks/CreateTaskDialog";
import { installFakeFetch, json, type RecordedCall } from "../../test/fakeFetch";
import { adminUser, renderWithProviders } from "../../test/render";
import { FieldInput } from "../table/FieldInput";

const slow = { timeout: 20_000 };

function serve(timeZone: string) {
  return installFakeFetch({
    "GET /api/v1/me": () => json({ ...adminUser, timeZone }),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "POST /api/v1/tasks": () => json({ id: "00000000-0000-4000-8000-0000000000t1" }, 201),
  });
}

const posted = (calls: RecordedCall[]) =>
  calls.find((c) => c.method === "POST" && c.path === "/api/v1/tasks")?.body as Record<string, unknown>;

const zones = [
  ["Europe/Moscow", "2026-12-07T07:30:00.000Z"],
  ["Asia/Almaty", "2026-12-07T05:30:00.000Z"],
] as const;

describe("date-times are typed and shown in the profile's zone, not the browser's", {
  timeout: 60_000,
}, () => {
  it("runs with the browser in UTC", () => {
    expect(new Date(2026, 11, 7, 10, 30).toISOString()).toBe("2026-12-07T10:30:00.000Z");
  });

  it.each(zones)("new task, profile %s: 10:30 typed is sent as %s", async (zone, instant) => {
    const fake = serve(zone);
    renderWithProviders(<CreateTaskDialog onClose={() => undefined} />);
    const dialog = await screen.findByRole("dialog", {}, slow);
    await waitFor(() => expect(fake.calls.some((c) => c.path === "/api/v1/me")).toBe(true));
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Call Ivan");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Due" }), "12/07/2026");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Time" }), "10:30");
    await userEvent.click(within(dialog).getByRole("button", { name: /Create|Save/ }));
    await waitFor(() => expect(posted(fake.calls)).toBeDefined(), slow);
    expect(posted(fake.calls)).toMatchObject({ dueAt: instant, timeZone: zone });
  });

  it.each(zones)("planning on My day, profile %s: 10:30 is sent as %s", async (zone, instant) => {
    const fake = serve(zone);
    renderWithProviders(
      <PlanTaskDialog
        defaults={{ date: new Date(2026, 11, 7), title: "Call Ivan" }}
        onClose={() => undefined}
      />,
    );
    const dialog = await screen.findByRole("dialog", {}, slow);
    await waitFor(() => expect(fake.calls.some((c) => c.path === "/api/v1/me")).toBe(true));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Time" }), "10:30");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(posted(fake.calls)).toBeDefined(), slow);
    expect(posted(fake.calls)).toMatchObject({ dueAt: instant, timeZone: zone });
  });

  it.each(zones)("a stored instant shows as 10:30 in %s", async (zone, instant) => {
    serve(zone);
    renderWithProviders(
      <FieldInput
        column={{
          key: "custom.callAt",
          label: "Call at",
          type: "dateTime",
          sortable: false,
          filterable: false,
          editable: true,
          custom: true,
        }}
        value={instant}
        onChange={() => undefined}
      />,
    );
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Time" })).toHaveValue("10:30"), slow);
    expect(screen.getByRole("textbox", { name: "Call at" })).toHaveValue("12/07/2026");
  });
});
