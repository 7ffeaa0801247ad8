import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { type Handler, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { MAILBOX, openRuleEditor, pick, user } from "./ruleEditorTesting";

const variable = (name: string, type: string, label: string) => ({
  name,
  type,
  label,
  group: "trigger",
  triggers: ["messageReceived"],
});
const catalog = {
  triggers: [
    { kind: "recordCreated", source: "event", module: "automations" },
    { kind: "messageReceived", source: "event", module: "mailboxes" },
  ],
  createTargets: [],
  variables: [
    { name: "record.title", type: "text", label: null, group: "record", triggers: null },
    variable("message.subject", "text", "Subject"),
    variable("message.hasAttachments", "boolean", "Has attachments"),
    variable("message.sentAt", "dateTime", "Sent at"),
    { name: "rule.name", type: "text", label: "Rule name", group: "run", triggers: null },
  ],
  operators: {
    text: ["eq", "contains", "isEmpty"],
    boolean: ["isTrue", "isFalse"],
    dateTime: ["before", "after"],
  },
};

const open = (save: Handler) =>
  openRuleEditor({
    "GET /api/v1/automations/catalog": () => json(catalog),
    "POST /api/v1/automations": save,
  });

const problem = (errors: { field: string; message: string; code: string }[]) =>
  new Response(
    JSON.stringify({ type: "about:blank", title: "Invalid", status: 422, code: "validation_failed", errors }),
    { status: 422, headers: { "Content-Type": "application/problem+json" } },
  );

describe("the rule editor: the trigger's variables and email attachments", { timeout: 180_000 }, () => {
  it("lists a message's variables, builds typed conditions on them and attaches the record's files", async () => {
    const fake = open(() => json({ id: uuid(900) }, 201));
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Orders");
    await waitFor(() => expect(fake.callsTo("GET /api/v1/automations/catalog").length).toBeGreaterThan(0));
    expect(fake.callsTo("GET /api/v1/automations/catalog")[0]?.query).toContain("language=en");
    // A record trigger has no variables of its own: no such conditions, no list.
    expect(within(modal).queryByTestId("variable-conditions")).toBeNull();
    await pick(modal, "When", "A message was received");
    const list = await within(modal).findByTestId("trigger-variables");
    expect(list).toHaveTextContent("{{message.subject}} Subject");
    expect(list).not.toHaveTextContent("rule.name");

    const conditions = within(modal).getByTestId("variable-conditions");
    const add = within(conditions).getByRole("button", { name: "Add a condition on the trigger's data" });
    await user.click(add);
    await user.click(add);
    const rows = within(conditions).getAllByTestId("variable-condition");
    await pick(rows[1] as HTMLElement, "Variable", "Has attachments");
    await user.click(within(rows[0] as HTMLElement).getAllByLabelText("Operator")[0] as HTMLElement);
    expect((await screen.findAllByRole("option")).map((o) => o.textContent)).toEqual([
      "is",
      "contains",
      "is empty",
    ]);
    await user.click(screen.getByRole("option", { name: "contains" }));
    await user.type(within(conditions).getByRole("textbox", { name: "Value" }), "order");

    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Send email" }));
    const email = within(modal).getByTestId("step-sendEmail");
    await pick(email, "Template", "Welcome letter");
    expect(within(email).queryByRole("checkbox", { name: "Attach the record's files" })).toBeNull();
    await pick(email, "From", "me@example.com");
    await user.click(within(email).getByRole("checkbox", { name: "Attach the record's files" }));
    await user.type(
      within(email).getByRole("textbox", { name: "Only files whose name contains" }),
      "contract",
    );

    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const body = fake.callsTo("POST /api/v1/automations")[0]?.body as {
      definition: { trigger: unknown; conditions: { variables?: unknown }; steps: Record<string, unknown>[] };
    };
    expect(body.definition.trigger).toEqual({ kind: "messageReceived" });
    expect(body.definition.conditions.variables).toEqual([
      { variable: "message.subject", op: "contains", value: "order" },
      { variable: "message.hasAttachments", op: "isTrue" },
    ]);
    expect(body.definition.steps[0]).toMatchObject({
      type: "sendEmail",
      mailboxId: MAILBOX,
      attachments: [{ kind: "recordFiles", nameContains: "contract" }],
    });
  });

  it("shows a refused condition's error beside it, translated", async () => {
    const fake = open(() =>
      problem([
        {
          field: "definition.conditions.variables.0.op",
          message: "A boolean variable takes isTrue, isFalse.",
          code: "operator_not_allowed",
        },
      ]),
    );
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Broken");
    await waitFor(() => expect(fake.callsTo("GET /api/v1/automations/catalog").length).toBeGreaterThan(0));
    await pick(modal, "When", "A message was received");
    const conditions = await within(modal).findByTestId("variable-conditions");
    await user.click(
      within(conditions).getByRole("button", { name: "Add a condition on the trigger's data" }),
    );
    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Notify" }));
    await user.type(within(modal).getByRole("textbox", { name: "Message" }), "New mail");
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    expect(
      await within(conditions).findByText("This comparison does not fit the variable's type."),
    ).toBeInTheDocument();
    // Switching to a trigger without variables drops the conditions on them from what is saved.
    await pick(modal, "When", "Record created");
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(2));
    const second = fake.callsTo("POST /api/v1/automations")[1]?.body as {
      definition: { conditions: object };
    };
    expect(second.definition.conditions).not.toHaveProperty("variables");
  });
});
