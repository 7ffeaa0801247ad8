import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { CreateTaskDialog } from "./CreateTaskDialog";

const slow = { timeout: 30_000 };
const routes = () => ({
  "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
  "POST /api/v1/tasks": () => json({ id: uuid(9) }, 201),
});

describe("planning a meeting", () => {
  it("will not save a meeting without a start; the length is prefilled", slow, async () => {
    const fetch = installFakeFetch(routes());
    renderWithProviders(<CreateTaskDialog onClose={() => undefined} type="meeting" />);
    await userEvent.type(screen.getByLabelText(/Title/), "Demo at the plant");
    expect(screen.getByLabelText(/Duration, minutes/)).toHaveValue("60");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("A meeting needs a start date and time.")).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText(/Duration, minutes/));
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("A meeting needs a duration.")).toBeInTheDocument();
    expect(fetch.callsTo("POST /api/v1/tasks")).toHaveLength(0);
  });

  it("still saves an undated to-do", slow, async () => {
    const fetch = installFakeFetch(routes());
    renderWithProviders(<CreateTaskDialog onClose={() => undefined} />);
    await userEvent.type(screen.getByLabelText(/Title/), "Think about it");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    await vi.waitFor(() => expect(fetch.callsTo("POST /api/v1/tasks")).toHaveLength(1));
    expect(fetch.callsTo("POST /api/v1/tasks")[0]?.body).toMatchObject({ type: "todo", dueAt: null });
  });
});
