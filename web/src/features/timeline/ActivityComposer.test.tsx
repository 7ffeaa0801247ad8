import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { ActivityComposer } from "./ActivityComposer";

const COMPANY = uuid(1);

function routes(create: () => Response, log: () => Response = () => json({ id: uuid(8) }, 201)) {
  return installFakeFetch({
    "GET /api/v1/users": () => json({ items: [], nextCursor: null }),
    "POST /api/v1/tasks": create,
    "POST /api/v1/activities": log,
  });
}

const sent = (fake: ReturnType<typeof routes>) => fake.callsTo("POST /api/v1/activities")[0]?.body;

describe("timeline composer quick actions", { timeout: 30_000 }, () => {
  it("plans a meeting linked to the record from the composer", async () => {
    const fake = routes(() => json({ id: uuid(9) }, 201));
    renderWithProviders(<ActivityComposer entity="companies" id={COMPANY} />);
    await userEvent.click(screen.getByRole("button", { name: "Plan a meeting" }));
    const dialog = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Kick-off");
    // A meeting needs its start (date and time); the length is prefilled.
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Due/ }), "12/07/2026");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Time" }), "10:30");
    await userEvent.click(within(dialog).getByRole("button", { name: /Create|Save/ }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/tasks")).toHaveLength(1));
    expect(fake.callsTo("POST /api/v1/tasks")[0]?.body).toMatchObject({
      title: "Kick-off",
      type: "meeting",
      dueAt: expect.stringMatching(/^2026-12-07T/),
      durationMinutes: 60,
      links: [{ entity: "companies", id: COMPANY }],
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("keeps the dialog open with the server's refusal", async () => {
    routes(() => problem(403, "forbidden"));
    renderWithProviders(<ActivityComposer entity="deals" id={COMPANY} />);
    await userEvent.click(screen.getByRole("button", { name: "Plan a task" }));
    const dialog = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await userEvent.type(within(dialog).getByRole("textbox", { name: /Title/ }), "Call back");
    await userEvent.click(within(dialog).getByRole("button", { name: /Create|Save/ }));
    expect(await within(dialog).findByText("You do not have permission to do this.")).toBeInTheDocument();
  });

  it("offers no planning for records tasks cannot link to", () => {
    routes(() => json({}));
    renderWithProviders(<ActivityComposer entity="tasks" id={COMPANY} />);
    expect(screen.queryByRole("button", { name: "Plan a task" })).toBeNull();
  });
});

describe("timeline composer logging", { timeout: 30_000 }, () => {
  it("logs a call with direction, duration, the outcome as a code and the escaped result", async () => {
    const fake = routes(() => json({}));
    renderWithProviders(<ActivityComposer entity="contacts" id={COMPANY} />);
    await userEvent.click(screen.getByRole("radio", { name: "Incoming" }));
    await userEvent.click(screen.getByLabelText("Outcome", { selector: "input" }));
    await userEvent.click(await screen.findByRole("option", { name: "No answer" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Minutes" }), "2.5");
    await userEvent.type(screen.getByRole("textbox", { name: "Result" }), "Call back <after 5>{enter}soon");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/activities")).toHaveLength(1));
    expect(sent(fake)).toEqual({
      kind: "call",
      links: [{ entity: "contacts", id: COMPANY }],
      occurredAt: expect.any(String),
      direction: "in",
      outcome: "noAnswer",
      durationSeconds: 150,
      body: "Call back &lt;after 5&gt;<br>soon",
    });
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Result" })).toHaveValue(""));
  });

  it("sends the outcome code whatever the interface language", async () => {
    const fake = routes(() => json({}));
    const { i18n } = await import("../../i18n");
    await i18n.changeLanguage("ru");
    try {
      renderWithProviders(<ActivityComposer entity="contacts" id={COMPANY} />);
      await userEvent.click(screen.getByRole("button", { name: "Сохранить" }));
      await waitFor(() => expect(fake.callsTo("POST /api/v1/activities")).toHaveLength(1));
      expect(sent(fake)).toMatchObject({ kind: "call", direction: "out", outcome: "reached" });
    } finally {
      await i18n.changeLanguage("en");
    }
  });

  it("adds a rich-text note and sends exactly the HTML the editor produced", async () => {
    const fake = routes(() => json({}));
    renderWithProviders(<ActivityComposer entity="deals" id={COMPANY} />);
    await userEvent.click(screen.getByRole("tab", { name: "Note" }));
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();
    const editor = screen.getByRole("textbox", { name: "Note" });
    await userEvent.click(editor);
    await userEvent.keyboard("Met the buyer");
    expect(save).toBeEnabled();
    // What a browser's contentEditable makes of bold and a list (jsdom has no execCommand).
    editor.innerHTML = "Met <b>the buyer</b><ul><li>pilot in May</li></ul>";
    fireEvent.input(editor);
    const produced = editor.innerHTML;
    await userEvent.click(save);
    await waitFor(() => expect(fake.callsTo("POST /api/v1/activities")).toHaveLength(1));
    expect(sent(fake)).toEqual({
      kind: "note",
      links: [{ entity: "deals", id: COMPANY }],
      occurredAt: expect.any(String),
      body: produced,
    });
    expect(produced).toBe("Met <b>the buyer</b><ul><li>pilot in May</li></ul>");
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Note" })).toBeEmptyDOMElement());
  });

  it("logs an e-mail with recipient, subject and message", async () => {
    const fake = routes(() => json({}));
    renderWithProviders(<ActivityComposer entity="contacts" id={COMPANY} />);
    await userEvent.click(screen.getByRole("tab", { name: "E-mail" }));
    await userEvent.type(screen.getByRole("textbox", { name: "To" }), " ivan@example.com ");
    await userEvent.type(screen.getByRole("textbox", { name: "Subject" }), "Offer");
    await userEvent.type(
      screen.getByRole("textbox", { name: "Message" }),
      "Hello,{enter}the offer is attached.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/activities")).toHaveLength(1));
    expect(sent(fake)).toEqual({
      kind: "email",
      links: [{ entity: "contacts", id: COMPANY }],
      occurredAt: expect.any(String),
      direction: "out",
      subject: "Offer",
      to: "ivan@example.com",
      body: "Hello,<br>the offer is attached.",
    });
  });

  it("logs an SMS without a subject", async () => {
    const fake = routes(() => json({}));
    renderWithProviders(<ActivityComposer entity="contacts" id={COMPANY} />);
    await userEvent.click(screen.getByRole("tab", { name: "SMS" }));
    expect(screen.queryByRole("textbox", { name: "Subject" })).toBeNull();
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByRole("textbox", { name: "To" }), "+7 912 345-67-89");
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "See you at 10");
    await userEvent.click(save);
    await waitFor(() => expect(fake.callsTo("POST /api/v1/activities")).toHaveLength(1));
    expect(sent(fake)).toEqual({
      kind: "sms",
      links: [{ entity: "contacts", id: COMPANY }],
      occurredAt: expect.any(String),
      direction: "out",
      subject: null,
      to: "+7 912 345-67-89",
      body: "See you at 10",
    });
  });

  it("shows the server's refusal next to the field it concerns, translated, and keeps the input", async () => {
    routes(
      () => json({}),
      () =>
        problem(422, "validation_failed", {
          errors: [
            { field: "body.to", message: "String must contain at most 2000 character(s)", code: "too_long" },
            { field: "body.links", message: "Record not found.", code: "link_not_found" },
          ],
        }),
    );
    renderWithProviders(<ActivityComposer entity="contacts" id={COMPANY} />);
    await userEvent.click(screen.getByRole("tab", { name: "SMS" }));
    const to = screen.getByRole("textbox", { name: "To" });
    await userEvent.type(to, "+7 912");
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Hi");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("This value is too long.")).toBeInTheDocument();
    expect(to).toHaveAttribute("aria-invalid", "true");
    expect(to).toHaveValue("+7 912");
    // The refusal that concerns no field of the form is shown above it, in the user's language too.
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The linked record does not exist or you may not see it.",
    );
  });
});
