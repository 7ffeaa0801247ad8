import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import type { Delivery, DeliveryDetail, Webhook } from "./api";
import { WebhooksPage } from "./WebhooksPage";

const slow = { timeout: 20_000 };
const hook: Webhook = {
  id: uuid(1),
  url: "https://erp.example.com/in",
  description: "ERP",
  eventTypes: ["deals.*"],
  filter: null,
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  failingSince: null,
  ownerId: uuid(9),
  ownerName: "Ana",
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
};
const types = [
  { type: "deals.create", entity: "deals", action: "create", description: "" },
  { type: "deals.update", entity: "deals", action: "update", description: "" },
  { type: "companies.create", entity: "companies", action: "create", description: "" },
];
const attempt = {
  attempt: 1,
  manual: false,
  attemptedAt: "2026-12-01T10:00:01Z",
  requestHeaders: { "webhook-id": "msg_1", "webhook-signature": "v1,abc" },
  requestBody: '{"entity":"deals","action":"update"}',
  responseStatus: 500,
  responseHeaders: { "content-type": "text/plain" },
  responseBody: "receiver broke",
  durationMs: 12,
  error: "HTTP 500",
};
const delivery: Delivery = {
  id: uuid(50),
  msgId: "msg_1",
  eventId: "7",
  eventType: "deals.update",
  status: "pending",
  attempts: 1,
  nextAttemptAt: "2026-12-01T10:00:06Z",
  lastStatus: 500,
  lastError: "HTTP 500",
  createdAt: "2026-12-01T10:00:00Z",
  finishedAt: null,
  lastAttempt: attempt,
};

describe("settings: webhooks", { timeout: 90_000 }, () => {
  it("creates a webhook from the event catalogue, shows field errors, then shows the secret once", async () => {
    let hooks: Webhook[] = [];
    const net = installFakeFetch({
      "GET /api/v1/webhooks": () => json({ items: hooks, nextCursor: null }),
      "GET /api/v1/webhooks/event-types": () => json({ items: types }),
      "POST /api/v1/webhooks": [
        () =>
          problem(422, "unsafe_destination", {
            errors: [{ field: "url", message: "internal", code: "invalid_webhook_url" }],
          }),
        async (request) => {
          const body = (await request.json()) as Partial<Webhook>;
          hooks = [{ ...hook, id: uuid(2), ...body } as Webhook];
          return json({ ...hooks[0], secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0" }, 201);
        },
      ],
    });
    renderWithProviders(<WebhooksPage />);
    expect(await screen.findByText("No webhooks yet.", {}, slow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Add webhook" }));
    const dialog = await screen.findByRole("dialog");
    const url = within(dialog).getByLabelText(/^Endpoint URL/);
    await userEvent.type(url, "ftp://x");
    await userEvent.click(await within(dialog).findByLabelText(/All events: Deals/));
    expect(within(dialog).getByLabelText("update")).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText("create", { selector: "input:not([disabled])" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Add condition" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Field" }), "industry");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Value" }), "IT");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(url).toHaveAccessibleDescription(/Use an http:\/\/ or https:\/\/ address/));
    await userEvent.clear(url);
    await userEvent.type(url, "https://erp.example.com/in");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByTestId("webhook-secret")).toHaveTextContent("whsec_c2VjcmV0");
    expect(net.callsTo("POST /api/v1/webhooks")[1]?.body).toEqual({
      url: "https://erp.example.com/in",
      description: "",
      eventTypes: ["deals.*", "companies.create"],
      enabled: true,
      filter: { match: "all", conditions: [{ field: "industry", op: "eq", value: "IT" }] },
    });
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(await screen.findByText("https://erp.example.com/in")).toBeInTheDocument();
    expect(screen.queryByText(/whsec_/)).toBeNull();
  });

  it("shows the delivery log with request and response, and redelivers", async () => {
    const detail: DeliveryDetail = { ...delivery, attemptLog: [attempt] };
    const net = installFakeFetch({
      "GET /api/v1/webhooks": () => json({ items: [hook], nextCursor: null }),
      [`GET /api/v1/webhooks/${hook.id}/deliveries`]: () => json({ items: [delivery], nextCursor: null }),
      [`GET /api/v1/webhooks/${hook.id}/deliveries/${delivery.id}`]: () => json(detail),
      [`POST /api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`]: () => json(delivery, 202),
    });
    renderWithProviders(<WebhooksPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Deliveries" }, slow));
    const drawer = await screen.findByRole("dialog");
    expect(await within(drawer).findByText("deals.update")).toBeInTheDocument();
    expect(within(drawer).getByText("1 attempt")).toBeInTheDocument();
    await userEvent.click(within(drawer).getByText("deals.update"));
    expect(await within(drawer).findByText("receiver broke")).toBeInTheDocument();
    expect(within(drawer).getByText(/webhook-signature: v1,abc/)).toBeInTheDocument();
    await userEvent.click(within(drawer).getByRole("button", { name: "Redeliver" }));
    await waitFor(() =>
      expect(
        net.callsTo(`POST /api/v1/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`),
      ).toHaveLength(1),
    );
  });
});
