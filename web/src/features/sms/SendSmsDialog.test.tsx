import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { SendSmsDialog } from "./SendSmsDialog";

const contactId = uuid(1);
const phones = [{ e164: "+79123456789", raw: "+7 912 345-67-89", kind: "mobile" }];

describe("the Send SMS dialog", { timeout: 30_000 }, () => {
  it("counts Cyrillic as UCS-2 segments and sends the text to the chosen number", async () => {
    const net = installFakeFetch({
      "GET /api/v1/templates": () => json({ items: [], nextCursor: null }),
      "POST /api/v1/sms": () => json({ id: uuid(2), status: "queued" }, 201),
    });
    let closed = false;
    renderWithProviders(
      <SendSmsDialog contactId={contactId} phones={phones} onClose={() => (closed = true)} />,
    );
    const text = await screen.findByLabelText("Message");
    fireEvent.change(text, { target: { value: "Здравствуйте! ".repeat(6) } });
    expect(screen.getByText(/84 characters · 2 SMS \(UCS-2\)/)).toBeInTheDocument();
    fireEvent.change(text, { target: { value: "Hello" } });
    expect(screen.getByText(/5 characters · 1 SMS \(GSM-7\)/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Send SMS" }));
    await waitFor(() => expect(closed).toBe(true));
    const sent = net.calls.find((c) => c.method === "POST" && c.path === "/api/v1/sms");
    expect(sent?.body).toEqual({ contactId, phone: "+79123456789", text: "Hello" });
  });

  it("shows why the server refused (no consent) and stays open", async () => {
    installFakeFetch({
      "GET /api/v1/templates": () => json({ items: [], nextCursor: null }),
      "POST /api/v1/sms": () => problem(422, "sms_no_consent"),
    });
    let closed = false;
    renderWithProviders(
      <SendSmsDialog contactId={contactId} phones={phones} onClose={() => (closed = true)} />,
    );
    fireEvent.change(await screen.findByLabelText("Message"), { target: { value: "Hi" } });
    fireEvent.click(screen.getByRole("button", { name: "Send SMS" }));
    expect(await screen.findByText("The contact has not agreed to receive SMS.")).toBeInTheDocument();
    expect(closed).toBe(false);
  });

  it("without a number it says so and cannot send", async () => {
    installFakeFetch({ "GET /api/v1/templates": () => json({ items: [], nextCursor: null }) });
    renderWithProviders(<SendSmsDialog contactId={contactId} phones={[]} onClose={() => {}} />);
    expect(await screen.findByRole("button", { name: "Send SMS" })).toBeDisabled();
    expect(screen.getByText(/no phone|phone number/i)).toBeInTheDocument();
  });
});
