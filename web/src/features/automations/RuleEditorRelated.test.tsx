import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { type Handler, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { entity, field, MAILBOX, openRuleEditor, pick, user, welcome } from "./ruleEditorTesting";

const TEAM = uuid(710);
const companyFields = [field("name", "text"), field("industry", "text")];
const taskFields = [field("title", "text"), field("description", "longText")];
const catalog = {
  triggers: [
    { kind: "recordCreated", source: "event", module: "automations" },
    { kind: "won", source: "event", module: "pipelines" },
  ],
  createTargets: [
    { entity: "tasks", linkable: true },
    { entity: "contacts", linkable: false },
  ],
};

const open = (save: Handler) =>
  openRuleEditor({
    "GET /api/v1/meta/entities": () =>
      json({
        items: [
          entity("deals", "Deal", "Deals"),
          entity("companies", "Company", "Companies"),
          entity("tasks", "Task", "Tasks"),
          entity("contacts", "Contact", "Contacts"),
        ],
      }),
    "GET /api/v1/automations/catalog": () => json(catalog),
    "GET /api/v1/custom-fields/meta/companies": () => json({ items: companyFields }),
    "GET /api/v1/custom-fields/meta/tasks": () => json({ items: taskFields }),
    "GET /api/v1/teams": () => json({ items: [{ id: TEAM, name: "Key accounts" }] }),
    "POST /api/v1/automations": save,
  });

describe("the rule editor: catalog triggers, related-record conditions, create a related record", {
  timeout: 180_000,
}, () => {
  it("offers the catalog's triggers, builds a condition on the owner's team and a task linked to the deal", async () => {
    const fake = open(() => json({ id: uuid(900) }, 201));
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Key deal");
    await waitFor(() => expect(fake.callsTo("GET /api/v1/automations/catalog").length).toBeGreaterThan(0));
    await user.click(within(modal).getAllByLabelText("When")[0] as HTMLElement);
    const kinds = (await screen.findAllByRole("option")).map((o) => o.textContent);
    expect(kinds).toEqual(["Record created", "Deal won"]);
    await user.click(screen.getByRole("option", { name: "Deal won" }));

    await user.click(within(modal).getByRole("button", { name: "Add a condition on a related record" }));
    await pick(within(modal).getByTestId("related-condition"), "Related record", "Responsible");
    const related = within(modal).getByTestId("related-condition");
    await pick(related, "In one of the teams", "Key accounts");
    await user.click(within(related).getByRole("checkbox", { name: "Active user" }));

    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Create a related record" }));
    const step = within(modal).getByTestId("step-createRecord");
    await user.click(within(step).getAllByLabelText("Record to create")[0] as HTMLElement);
    expect((await screen.findAllByRole("option")).map((o) => o.textContent)).toEqual(["Task", "Contact"]);
    await user.click(screen.getByRole("option", { name: "Task" }));
    expect(within(step).getByRole("checkbox", { name: "Link it to the rule's record" })).toBeChecked();
    await user.click(within(step).getByRole("button", { name: "Add a value" }));
    await pick(step, "Field", "Title");
    await user.type(within(step).getByRole("textbox", { name: "Value" }), "Kick-off {{{{record.title}}");

    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const body = fake.callsTo("POST /api/v1/automations")[0]?.body as { definition: Record<string, unknown> };
    expect(body.definition.trigger).toEqual({ kind: "won" });
    expect(body.definition.conditions).toMatchObject({
      related: [{ via: "ownerId", person: { teamIds: [TEAM], active: true } }],
    });
    expect(body.definition.steps).toEqual([
      {
        id: expect.any(String),
        type: "createRecord",
        entity: "tasks",
        values: { title: "Kick-off {{record.title}}" },
        link: true,
      },
    ]);
  });

  it("filters the deal's company with the company's fields and shows the server's errors on the condition", async () => {
    const refuse: Handler = () =>
      new Response(
        JSON.stringify({
          type: "about:blank",
          title: "Validation failed",
          status: 422,
          code: "validation_failed",
          errors: [
            {
              field: "definition.conditions.related.0.filter.industry",
              message: "Hidden.",
              code: "field_not_allowed",
            },
          ],
        }),
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      );
    const fake = open(refuse);
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Mining");
    await user.click(within(modal).getByRole("button", { name: "Add a condition on a related record" }));
    await pick(within(modal).getByTestId("related-condition"), "Related record", "Company");
    await waitFor(() =>
      expect(fake.callsTo("GET /api/v1/custom-fields/meta/companies").length).toBeGreaterThan(0),
    );
    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Notify" }));
    await user.type(
      within(within(modal).getByTestId("step-notify")).getByRole("textbox", { name: "Message" }),
      "x",
    );
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const body = fake.callsTo("POST /api/v1/automations")[0]?.body as { definition: Record<string, unknown> };
    expect(body.definition.conditions).toMatchObject({ related: [{ via: "companyId" }] });
    expect(
      await within(within(modal).getByTestId("related-condition")).findByRole("alert"),
    ).toBeInTheDocument();
  });

  it("sends an email step from one of the user's mailboxes", async () => {
    const fake = open(() => json({ id: uuid(900) }, 201));
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Welcome");
    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Send email" }));
    const email = within(modal).getByTestId("step-sendEmail");
    await pick(email, "Template", "Welcome letter");
    expect(within(email).getAllByLabelText("From")[0]).toHaveValue("The system mailer");
    await pick(email, "From", "me@example.com");
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const body = fake.callsTo("POST /api/v1/automations")[0]?.body as { definition: { steps: unknown[] } };
    expect(body.definition.steps[0]).toMatchObject({
      type: "sendEmail",
      templateId: welcome.id,
      mailboxId: MAILBOX,
    });
  });

  it("picks a wait's date field by its label among the record's date fields", async () => {
    const fake = open(() => json({ id: uuid(900) }, 201));
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Dates");
    await waitFor(() => expect(fake.callsTo("GET /api/v1/automations/catalog").length).toBeGreaterThan(0));
    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Wait" }));
    const wait = within(modal).getByTestId("step-wait");
    await pick(wait, "Wait", "Until a date field");
    await user.click(within(wait).getAllByLabelText("Date field")[0] as HTMLElement);
    expect((await screen.findAllByRole("option")).map((o) => o.textContent)).toEqual([
      "Close date",
      "Created",
    ]);
    await user.click(screen.getByRole("option", { name: "Close date" }));
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const body = fake.callsTo("POST /api/v1/automations")[0]?.body as { definition: { steps: unknown[] } };
    expect(body.definition.steps[0]).toMatchObject({
      wait: { mode: "untilField", field: "expectedCloseDate" },
    });
  });
});
