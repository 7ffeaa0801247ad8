import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, noContent, problem } from "../../../test/fakeFetch";
import { uuid } from "../../../test/listFixtures";
import { adminUser, renderApp } from "../../../test/render";

const slow = { timeout: 20_000 };
const session = (n: number, userAgent: string, current = false) => ({
  id: uuid(n),
  userAgent,
  ip: `10.0.0.${n}`,
  current,
  createdAt: "2026-11-30T10:00:00Z",
  lastSeenAt: "2026-12-01T10:00:00Z",
  expiresAt: "2026-12-30T10:00:00Z",
});

function routes(extra: Record<string, () => Response> = {}) {
  let ended = false;
  return installFakeFetch({
    "GET /api/v1/me": () => json({ ...adminUser, twoFactorEnabled: false }),
    "GET /api/v1/auth/sessions": () =>
      json({
        items: ended
          ? [session(1, "Firefox on Linux", true)]
          : [session(1, "Firefox on Linux", true), session(2, "Safari on iPhone")],
      }),
    [`DELETE /api/v1/auth/sessions/${uuid(2)}`]: () => {
      ended = true;
      return noContent();
    },
    ...extra,
  });
}

describe("my sessions", { timeout: 40_000 }, () => {
  it("lists sessions, marks this device and ends another one", async () => {
    const fake = routes();
    renderApp("/security");
    const table = await screen.findByRole("table", { name: "My sessions" }, slow);
    expect(await within(table).findByText("Safari on iPhone")).toBeInTheDocument();
    expect(within(table).getByText("This device")).toBeInTheDocument();
    // The current session cannot be ended from here (that is "Sign out").
    expect(within(table).getAllByRole("button", { name: /End the session/ })).toHaveLength(1);
    await userEvent.click(within(table).getByRole("button", { name: "End the session on Safari on iPhone" }));
    await waitFor(() => expect(within(table).queryByText("Safari on iPhone")).toBeNull());
    expect(fake.callsTo(`DELETE /api/v1/auth/sessions/${uuid(2)}`)).toHaveLength(1);
  });

  it("signs out everywhere and lands on the sign-in page", async () => {
    const fake = routes({ "POST /api/v1/auth/logout-everywhere": () => noContent() });
    const { router } = renderApp("/security");
    await userEvent.click(await screen.findByRole("button", { name: "Sign out everywhere" }, slow));
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(fake.callsTo("POST /api/v1/auth/logout-everywhere")).toHaveLength(1);
  });

  it("stays signed in when the server refuses", async () => {
    routes({ "POST /api/v1/auth/logout-everywhere": () => problem(500, "server_error") });
    const { router } = renderApp("/security");
    await userEvent.click(await screen.findByRole("button", { name: "Sign out everywhere" }, slow));
    expect(await screen.findByText(/The server ran into a problem/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/security");
  });
});
