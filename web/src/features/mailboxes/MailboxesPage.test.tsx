import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderApp } from "../../test/render";
import type { Mailbox } from "./api";

const mailbox = (n: number, extra: Partial<Mailbox> = {}): Mailbox => ({
  id: uuid(100 + n),
  kind: "personal",
  ownerId: adminUser.id,
  name: `Box ${n}`,
  address: `box${n}@corp.test`,
  preset: "custom",
  imap: { host: "imap.corp.test", port: 993, tls: "tls" },
  smtp: { host: "smtp.corp.test", port: 465, tls: "tls" },
  username: `box${n}@corp.test`,
  hasPassword: true,
  signatureHtml: null,
  state: "live",
  lastError: null,
  failures: 0,
  nextAttemptAt: null,
  backfill: { days: 90, total: 0, done: 0, completedAt: "2026-12-01T10:00:00Z" },
  lastSyncedAt: "2026-12-07T10:00:00Z",
  autoCreateContacts: false,
  autoCreateDeals: false,
  teamIds: [],
  canManage: true,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
  ...extra,
});

function routes(items: Mailbox[], onPatch: (id: string, body: unknown) => void = () => {}) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/mailboxes": () => json({ items }),
    "GET /api/v1/mailboxes/presets": () => json({ items: [] }),
    "GET /api/v1/teams": () => json({ items: [] }),
    [`PATCH /api/v1/mailboxes/${uuid(101)}`]: async (request) => {
      onPatch(uuid(101), await request.clone().json());
      return json(items[0]);
    },
  });
}

describe("the mailboxes page", { timeout: 30_000 }, () => {
  it("shows a failing mailbox's error in words, the backfill progress, and retries on request", async () => {
    const net = routes([
      mailbox(1, {
        state: "error",
        lastError: {
          code: "authentication_failed",
          message: "Invalid credentials",
          at: "2026-12-07T10:00:00Z",
        },
        failures: 2,
        nextAttemptAt: "2026-12-07T10:05:00Z",
      }),
      mailbox(2, {
        state: "backfilling",
        backfill: { days: 30, total: 400, done: 100, completedAt: null },
      }),
    ]);
    renderApp("/mailboxes");
    expect(
      await screen.findByText(
        /Authentication failed: check the user name and the \(app\) password\./,
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("Importing the last 30 days: 100 of 400 letters")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Retry now" }));
    await waitFor(() => expect(net.callsTo(`POST /api/v1/mailboxes/${uuid(101)}/sync`)).toHaveLength(1));
  });

  it("turns on auto-created contacts and deals from the edit dialog", async () => {
    const patches: unknown[] = [];
    routes([mailbox(1)], (_id, body) => patches.push(body));
    renderApp("/mailboxes");
    fireEvent.click(await screen.findByRole("button", { name: "Edit" }, { timeout: 20_000 }));
    const deals = await screen.findByRole("switch", { name: "Also a deal for each contact created" });
    expect(deals).toBeDisabled();
    fireEvent.click(screen.getByRole("switch", { name: "Create a contact for each new sender" }));
    await waitFor(() => expect(deals).toBeEnabled());
    fireEvent.click(deals);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({ autoCreateContacts: true, autoCreateDeals: true });
  });
});
