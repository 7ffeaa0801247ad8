import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderApp, renderWithProviders } from "../../test/render";
import type { Message } from "./api";
import { MessageCard } from "./MessageCard";
import { frameDocument } from "./MessageFrame";

const message = (extra: Partial<Message> = {}): Message => ({
  id: uuid(10),
  messageId: "m1@example.com",
  direction: "in",
  from: [{ name: "Client", address: "client@example.com" }],
  to: [{ name: null, address: "me@corp.test" }],
  cc: [],
  subject: "Prices",
  sentAt: "2026-12-01T10:00:00Z",
  text: "Could you send the prices?",
  quoted: "Could you send the prices?\n\n> On Monday you wrote: old text",
  html: '<p>Could you send the <b>prices</b>?</p><img src="https://tracker.example/pixel.png">',
  hasRemoteImages: true,
  attachments: [
    { id: uuid(11), name: "list.pdf", contentType: "application/pdf", size: 2048, downloadUrl: "/x" },
  ],
  sendStatus: null,
  sendError: null,
  scheduledAt: null,
  sentBy: null,
  ...extra,
});

describe("a letter on the thread page", { timeout: 30_000 }, () => {
  it("shows the reply with the quoted history collapsed, expandable", async () => {
    installFakeFetch({ "GET /api/v1/users": () => json({ items: [], nextCursor: null }) });
    renderWithProviders(<MessageCard message={message()} />);
    expect(await screen.findByText("Could you send the prices?")).toBeInTheDocument();
    expect(screen.queryByText(/old text/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show quoted text" }));
    expect(screen.getByText(/old text/)).toBeInTheDocument();
    expect(screen.getByText("list.pdf")).toBeInTheDocument();
  });

  it("shows HTML in a sandboxed frame that runs no script and loads remote images only when asked", async () => {
    installFakeFetch({ "GET /api/v1/users": () => json({ items: [], nextCursor: null }) });
    const { container } = renderWithProviders(<MessageCard message={message()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Show formatted" }));
    const frame = container.querySelector("iframe") as HTMLIFrameElement;
    expect(frame.getAttribute("sandbox")).toBe(
      "allow-same-origin allow-popups allow-popups-to-escape-sandbox",
    );
    expect(frame.getAttribute("sandbox")).not.toContain("allow-scripts");
    expect(frame.getAttribute("srcdoc")).toContain("img-src data:;");
    fireEvent.click(screen.getByRole("button", { name: "Show images" }));
    await waitFor(() => expect(frame.getAttribute("srcdoc")).toContain("img-src data: https: http:"));
    expect(frameDocument("<p>x</p>", false)).toContain("default-src 'none'");
  });

  it("a failed send shows its reason and offers retry", async () => {
    installFakeFetch({ "GET /api/v1/users": () => json({ items: [], nextCursor: null }) });
    let retried = 0;
    renderWithProviders(
      <MessageCard
        message={message({
          direction: "out",
          sendStatus: "failed",
          sendError: "connect ECONNREFUSED 127.0.0.1:1",
        })}
        onRetry={() => {
          retried += 1;
        }}
      />,
    );
    expect(await screen.findByText("connect ECONNREFUSED 127.0.0.1:1")).toBeInTheDocument();
    expect(screen.getByText("Not sent")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retried).toBe(1);
  });
});

const T = uuid(2);
const summary = (n: number, extra: object = {}) => ({
  id: uuid(200 + n),
  mailboxId: uuid(300),
  subject: `Thread ${n}`,
  participants: [{ name: "Client", address: "client@example.com" }],
  lastMessageAt: "2026-12-01T10:00:00Z",
  messageCount: 1,
  unread: false,
  assignedTo: null,
  private: false,
  restricted: false,
  snippet: `Snippet ${n}`,
  links: [],
  lastSendStatus: null,
  ...extra,
});

function inboxRoutes(onList: (url: URL) => void = () => {}, onPatch: (body: unknown) => void = () => {}) {
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/mailboxes": () => json({ items: [] }),
    "GET /api/v1/templates": () => json({ items: [], nextCursor: null }),
    "GET /api/v1/conversations": (request) => {
      onList(new URL(request.url));
      return json({
        items: [summary(1, { unread: true }), summary(2, { lastSendStatus: "failed" })],
        nextCursor: null,
      });
    },
    [`GET /api/v1/conversations/${T}`]: () =>
      json({ ...summary(9, { id: T, unread: true, subject: "Prices" }), messages: [message()] }),
    [`PATCH /api/v1/conversations/${T}`]: async (request) => {
      onPatch(await request.clone().json());
      return json({ ...summary(9, { id: T, subject: "Prices" }), messages: [message()] });
    },
  });
}

describe("the inbox and the thread page", { timeout: 30_000 }, () => {
  it("lists threads, unread ones in bold, failed sends marked; filters ask the server", async () => {
    const asked: URL[] = [];
    inboxRoutes((url) => asked.push(url));
    renderApp("/conversations");
    const rows = await screen.findAllByTestId("conversation-row", {}, { timeout: 20_000 });
    expect(rows).toHaveLength(2);
    expect(rows[0]?.getAttribute("data-unread")).toBe("true");
    expect(rows[1]?.getAttribute("data-unread")).toBe("false");
    expect(screen.getByText("Not sent")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("switch", { name: "Unread" }));
    await waitFor(() => expect(asked.some((u) => u.searchParams.get("unread") === "true")).toBe(true));
    fireEvent.click(screen.getByRole("switch", { name: "Assigned to me" }));
    await waitFor(() => expect(asked.some((u) => u.searchParams.get("assigned") === "me")).toBe(true));
  });

  it("opens a thread, marks it read, and offers reply, reply all and forward", async () => {
    const patches: unknown[] = [];
    inboxRoutes(undefined, (body) => patches.push(body));
    renderApp(`/conversations/${T}`);
    expect(
      await screen.findByText("Could you send the prices?", {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(patches).toContainEqual({ read: true }));
    expect(screen.getByRole("button", { name: "Reply" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reply all" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Forward" })).toBeInTheDocument();
  });

  it("opens the composer on a thread linked to a contact and offers the contact's files to attach", async () => {
    const contact = uuid(400);
    const file = {
      id: uuid(401),
      name: "offer.pdf",
      kind: "pdf",
      contentType: "application/pdf",
      size: 1000,
      sha256: "a".repeat(64),
      recordType: "contacts",
      recordId: contact,
      createdBy: null,
      createdAt: "2026-12-01T10:00:00Z",
      updatedAt: "2026-12-01T10:00:00Z",
    };
    const thread = {
      ...summary(9, {
        id: T,
        subject: "Prices",
        links: [{ entity: "contacts", id: contact, title: "Ivan" }],
      }),
      messages: [message()],
    };
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/mailboxes": () => json({ items: [] }),
      "GET /api/v1/templates": () => json({ items: [], nextCursor: null }),
      "GET /api/v1/mail-signatures": () => json({ items: [] }),
      "GET /api/v1/files": () => json({ items: [file], canEdit: true }),
      [`GET /api/v1/conversations/${T}`]: () => json(thread),
      [`PATCH /api/v1/conversations/${T}`]: () => json(thread),
    });
    renderApp(`/conversations/${T}`);
    fireEvent.click(await screen.findByRole("button", { name: "Reply" }, { timeout: 20_000 }));
    expect(await screen.findByTestId("mail-composer", {}, { timeout: 20_000 })).toBeInTheDocument();
    fireEvent.click(await screen.findByRole("button", { name: "From the record's files" }));
    expect(await screen.findByRole("menuitem", { name: "offer.pdf" })).toBeInTheDocument();
  });
});
