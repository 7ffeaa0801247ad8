import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { TemplateEditor } from "./TemplateEditor";

const variables = () => json({ namespaces: [], user: [] });

async function fill(name: string, subject: string, body: string) {
  fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: name } });
  fireEvent.change(screen.getByLabelText("Subject"), { target: { value: subject } });
  fireEvent.change(screen.getByLabelText("Body (HTML)"), { target: { value: body } });
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

describe("the template editor", { timeout: 30_000 }, () => {
  it("saves a new e-mail template with only the languages that have a body", async () => {
    const net = installFakeFetch({
      "GET /api/v1/templates/variables": variables,
      "POST /api/v1/templates": () => json({ id: uuid(1) }, 201),
    });
    let closed = false;
    renderWithProviders(<TemplateEditor template={null} canShare onClose={() => (closed = true)} />);
    await fill("Price reply", "Prices for {{ contact.firstName }}", "<p>Dear {{ contact.firstName }}</p>");
    await waitFor(() => expect(closed).toBe(true));
    const sent = net.callsTo("POST /api/v1/templates")[0];
    expect(sent?.body).toEqual({
      kind: "email",
      name: "Price reply",
      shared: false,
      defaultLanguage: "en",
      variants: {
        en: { subject: "Prices for {{ contact.firstName }}", body: "<p>Dear {{ contact.firstName }}</p>" },
      },
    });
  });

  it("shows the server's template errors with their line and column and stays open", async () => {
    installFakeFetch({
      "GET /api/v1/templates/variables": variables,
      "POST /api/v1/templates": () =>
        problem(422, "template_invalid", {
          errors: [
            {
              field: "variants.en.body",
              code: "template_invalid",
              message: "Unknown variable contact.nme",
              line: 2,
              column: 7,
            },
          ],
        }),
    });
    let closed = false;
    renderWithProviders(<TemplateEditor template={null} canShare={false} onClose={() => (closed = true)} />);
    await fill("Broken", "Hi", "<p>\n  {{ contact.nme }}</p>");
    expect(await screen.findByText("The template has errors")).toBeInTheDocument();
    expect(screen.getByText(/\(line 2, column 7\): Unknown variable contact\.nme/)).toBeInTheDocument();
    expect(screen.getByText("variants.en.body")).toBeInTheDocument();
    expect(closed).toBe(false);
    expect(screen.queryByLabelText("Shared with everyone")).toBeNull();
  });
});
