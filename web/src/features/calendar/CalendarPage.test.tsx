import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
import { CalendarPage } from "./CalendarPage";

/**
 * The page runs in Belgrade on Wednesday 4 March 2026; the week view (en-US: Sunday first) shows 1–7 March.
 * jsdom has no layout, so drop cells get rectangles from their ids (one 100×50 box per day and hour) and the
 * dnd-kit keyboard sensor moves a picked-up event 25 px per arrow key, as it does in a browser.
 */
const originalTz = process.env.TZ;
const WEEK_START = new Date(2026, 2, 1);
const CELL = { width: 100, height: 50 };

function rectOfDropId(id: string): DOMRect | null {
  const match = /^(day|slot):(\d{4})-(\d{2})-(\d{2})(?::(\d+))?$/.exec(id);
  if (!match) return null;
  const day = new Date(Number(match[2]), Number(match[3]) - 1, Number(match[4]));
  const column = Math.round((day.getTime() - WEEK_START.getTime()) / 86_400_000);
  const row = match[1] === "day" ? 0 : 1 + Number(match[5]) / 60;
  return new DOMRect(100 + column * CELL.width, 50 + row * CELL.height, CELL.width, CELL.height);
}

const originalRect = HTMLElement.prototype.getBoundingClientRect;
beforeAll(() => {
  process.env.TZ = "Europe/Belgrade";
  HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
    const cell = this.closest<HTMLElement>("[data-drop-id]");
    return (cell && rectOfDropId(cell.dataset.dropId ?? "")) ?? new DOMRect(0, 0, 0, 0);
  };
});
afterAll(() => {
  process.env.TZ = originalTz;
  HTMLElement.prototype.getBoundingClientRect = originalRect;
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(2026, 2, 4, 10, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

const callIvan = {
  id: uuid(31),
  title: "Call Ivan",
  type: "call",
  status: "open",
  dueAt: "2026-03-03T09:30:00.000Z", // Tuesday 10:30 in Belgrade
  allDay: false,
  overdue: false,
  ownerId: adminUser.id,
  timeZone: "Europe/Belgrade",
  links: [],
};

function setup(reschedule: () => Response | Promise<Response>) {
  let served = 0;
  const fake = installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/teams": () => json({ items: [], nextCursor: null }),
    // The first load answers; refetches after a move stay pending, so what the grid shows then is the cache
    // the move wrote (optimistic update or rollback), not a fresh answer.
    "GET /api/v1/tasks": () =>
      served++ === 0 ? json({ items: [callIvan], nextCursor: null }) : new Promise<Response>(() => {}),
    [`POST /api/v1/tasks/${callIvan.id}/reschedule`]: reschedule,
    "POST /api/v1/tasks": () => json({ id: uuid(40) }, 201),
  });
  renderWithProviders(<CalendarPage />);
  return fake;
}

const cell = (id: string) => {
  const found = document.querySelector<HTMLElement>(`[data-drop-id="${id}"]`);
  if (!found) throw new Error(`no cell ${id}`);
  return found;
};

/** Picks the event up with Space, moves it `right`/`down` arrow presses, drops it with Space. */
async function dragWithKeyboard(event: HTMLElement, right: number, down: number) {
  event.focus();
  fireEvent.keyDown(event, { code: "Space", key: " " });
  // Picked up (dimmed); the sensor starts listening for arrows on the next tick.
  await waitFor(() => expect(event).toHaveStyle({ opacity: "0.4" }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (let i = 0; i < right; i++) fireEvent.keyDown(document, { code: "ArrowRight", key: "ArrowRight" });
  for (let i = 0; i < down; i++) fireEvent.keyDown(document, { code: "ArrowDown", key: "ArrowDown" });
  await waitFor(() => expect(cell("slot:2026-03-05:840").className).toContain("over"));
  fireEvent.keyDown(document, { code: "Space", key: " " });
}

describe("calendar page", { timeout: 30_000 }, () => {
  it("clicking an empty hour slot opens the planning dialog for that day and hour", async () => {
    const fake = setup(() => json({}));
    await screen.findByRole("button", { name: /Call Ivan/ });
    await userEvent.click(cell("slot:2026-03-05:840"));
    const dialog = await screen.findByRole("dialog", { name: "Plan a task" });
    expect(within(dialog).getByLabelText(/^Date/)).toHaveValue("03/05/2026");
    expect(within(dialog).getByLabelText(/^Time/)).toHaveValue("14:00");
    expect(within(dialog).getByRole("combobox", { name: "Type" })).toHaveValue("Meeting");
    await userEvent.type(within(dialog).getByRole("textbox", { name: /What to do/ }), "Demo for Vostok");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/tasks")).toHaveLength(1));
    expect(fake.callsTo("POST /api/v1/tasks")[0]?.body).toMatchObject({
      title: "Demo for Vostok",
      type: "meeting",
      dueAt: "2026-03-05T13:00:00.000Z",
      durationMinutes: 60,
    });
  });

  it("clicking the all-day cell plans an all-day call on that date", async () => {
    setup(() => json({}));
    await screen.findByRole("button", { name: /Call Ivan/ });
    await userEvent.click(cell("day:2026-03-06"));
    const dialog = await screen.findByRole("dialog", { name: "Plan a task" });
    expect(within(dialog).getByLabelText(/^Date/)).toHaveValue("03/06/2026");
    expect(within(dialog).getByLabelText(/^Time/)).toHaveValue("");
    expect(within(dialog).getByRole("combobox", { name: "Type" })).toHaveValue("Call");
    // Clicking an event does not plan anything.
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await userEvent.click(screen.getByRole("button", { name: /Call Ivan/ }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("dragging an event to another day and hour sends the new due time and shows it there", async () => {
    const fake = setup(() => json({ ...callIvan, dueAt: "2026-03-05T13:30:00.000Z" }));
    const event = await screen.findByRole("button", { name: /Call Ivan/ });
    expect(cell("slot:2026-03-03:600")).toContainElement(event);
    await dragWithKeyboard(event, 8, 8); // two days right, four hours down
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/tasks/${callIvan.id}/reschedule`)).toHaveLength(1));
    // 14:00 slot, the minutes within the hour kept: 14:30 in Belgrade.
    expect(fake.callsTo(`POST /api/v1/tasks/${callIvan.id}/reschedule`)[0]?.body).toEqual({
      dueAt: "2026-03-05T13:30:00.000Z",
    });
    await waitFor(() =>
      expect(within(cell("slot:2026-03-05:840")).getByRole("button", { name: /Call Ivan/ })).toBeVisible(),
    );
    expect(within(cell("slot:2026-03-03:600")).queryByRole("button", { name: /Call Ivan/ })).toBeNull();
  });

  it("puts the event back and says so when the server refuses the move", async () => {
    const fake = setup(() => problem(403, "permission_denied"));
    const event = await screen.findByRole("button", { name: /Call Ivan/ });
    await dragWithKeyboard(event, 8, 8);
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/tasks/${callIvan.id}/reschedule`)).toHaveLength(1));
    expect(await screen.findByText("That did not work")).toBeInTheDocument();
    await waitFor(() =>
      expect(within(cell("slot:2026-03-03:600")).getByRole("button", { name: /Call Ivan/ })).toBeVisible(),
    );
    expect(within(cell("slot:2026-03-05:840")).queryByRole("button", { name: /Call Ivan/ })).toBeNull();
  });
});
