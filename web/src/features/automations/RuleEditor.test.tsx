import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { type Handler, installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { adminUser, renderWithProviders } from "../../test/render";
import { RuleEditor } from "./RuleEditor";

const user = userEvent.setup({ delay: null });
const SIGNED = uuid(601);
const pipeline = {
  id: uuid(600),
  name: "Sales",
  position: 0,
  isDefault: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  stages: [
    { id: uuid(602), name: "Proposal", position: 0, probability: 50, kind: "open" },
    { id: SIGNED, name: "Contract signed", position: 1, probability: 90, kind: "open" },
  ],
};
const MANAGER = uuid(700);
const users = [
  { id: adminUser.id, name: adminUser.name, isActive: true },
  { id: MANAGER, name: "Mira Manager", isActive: true },
];
const dealFields = [
  { key: "title", type: "text", filterable: true, sortable: true, custom: false, access: "write" },
  {
    key: "priority",
    type: "select",
    options: ["low", "high"],
    filterable: true,
    sortable: true,
    custom: false,
    access: "write",
  },
  { key: "closeDate", type: "date", filterable: true, sortable: true, custom: false, access: "write" },
  {
    key: "contactId",
    type: "link",
    linkEntity: "contacts",
    filterable: true,
    sortable: false,
    custom: false,
    access: "write",
  },
];
const template = (n: number, name: string, kind: string, entity: string | null) => ({
  id: uuid(n),
  kind,
  name,
  entity,
  shared: true,
  ownerId: adminUser.id,
  defaultLanguage: "en",
  variants: { en: { subject: "Hi", body: "Hello" } },
  canEdit: true,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});
const templates = [
  template(801, "Welcome letter", "email", "deals"),
  template(802, "Contact greeting", "email", "contacts"),
  template(803, "Task digest", "email", "tasks"),
  template(804, "Reminder SMS", "sms", null),
];

const routes = (save: Handler) => ({
  "GET /api/v1/me": () => json(adminUser),
  "GET /api/v1/custom-fields/meta/deals": () => json({ items: dealFields }),
  "GET /api/v1/custom-fields": () => json({ items: [] }),
  "GET /api/v1/users": () => json({ items: users, nextCursor: null }),
  "GET /api/v1/teams": () => json({ items: [] }),
  "GET /api/v1/pipelines": () => json({ items: [pipeline] }),
  "GET /api/v1/automations": () => json({ items: [], nextCursor: null }),
  "GET /api/v1/templates": (request: Request) => {
    const kind = new URL(request.url).searchParams.get("kind");
    return json({ items: templates.filter((tpl) => !kind || tpl.kind === kind) });
  },
  "POST /api/v1/automations": save,
});
const created = () => json({ id: uuid(900) }, 201);

function open(save: Handler = created) {
  const fake = installFakeFetch(routes(save));
  const onSaved = vi.fn();
  renderWithProviders(<RuleEditor rule={null} onClose={() => undefined} onSaved={onSaved} />);
  return { fake, onSaved };
}

/** Picks `option` in the Mantine select labelled `label` (inside `scope`). */
async function pick(scope: HTMLElement, label: string | RegExp, option: string) {
  const input = within(scope).getAllByLabelText(label)[0] as HTMLElement;
  await user.click(input);
  await user.click(await screen.findByRole("option", { name: option }));
}

async function addStep(scope: HTMLElement, name: string) {
  const buttons = within(scope).getAllByRole("button", { name: "Add step" });
  await user.click(buttons[buttons.length - 1] as HTMLElement);
  await user.click(await screen.findByRole("menuitem", { name }));
}

const dialog = () => screen.findByRole("dialog", {}, { timeout: 20_000 });
const savedBody = async (fake: ReturnType<typeof installFakeFetch>) => {
  await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
  return fake.callsTo("POST /api/v1/automations")[0]?.body as {
    definition: { trigger: unknown; steps: Record<string, unknown>[] };
  };
};

describe("the rule editor", { timeout: 180_000 }, () => {
  it("builds 'contract signed → onboarding task, wait 3 business days, no activity → notify the head'", async () => {
    const { fake, onSaved } = open();
    const modal = await dialog();
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Onboarding");
    await pick(modal, "When", "Deal entered a stage");
    await waitFor(() => expect(within(modal).getAllByLabelText("Stage").length).toBeGreaterThan(0));
    await pick(modal, "Stage", "Sales → Contract signed");

    await addStep(modal, "Create a task");
    const task = within(modal).getByTestId("step-createTask");
    await user.type(within(task).getByRole("textbox", { name: "Task title" }), "Onboarding call");
    await pick(task, "Assignee", "A chosen person");
    await pick(task, "Person", "Mira Manager");
    await user.type(within(task).getByRole("textbox", { name: "Due in" }), "1");

    await addStep(modal, "Wait");
    const wait = within(modal).getByTestId("step-wait");
    const amount = within(wait).getByRole("textbox", { name: "For" });
    await user.clear(amount);
    await user.type(amount, "3");
    await pick(wait, "Unit", "business days");

    await addStep(modal, "If / else");
    const branch = within(modal).getByTestId("step-branch");
    expect(within(branch).getByRole("checkbox", { name: /No call, meeting/ })).toBeChecked();
    const addButtons = within(branch).getAllByRole("button", { name: "Add step" });
    await user.click(addButtons[0] as HTMLElement);
    await user.click(await screen.findByRole("menuitem", { name: "Notify" }));
    const notify = within(branch).getByTestId("step-notify");
    await pick(notify, "Who", "The owner's head");
    await user.type(within(notify).getByRole("textbox", { name: "Message" }), "No activity on the deal");

    await user.click(within(modal).getByRole("button", { name: "Save" }));
    const body = await savedBody(fake);
    expect(body).toMatchObject({ entity: "deals", name: "Onboarding", enabled: false });
    expect(body.definition.trigger).toEqual({ kind: "stageEntered", stageId: SIGNED });
    expect(body.definition.steps).toEqual([
      {
        id: expect.any(String),
        type: "createTask",
        title: "Onboarding call",
        assignee: { kind: "fixed", userId: MANAGER },
        due: { amount: 1, unit: "days" },
      },
      {
        id: expect.any(String),
        type: "wait",
        wait: { mode: "duration", duration: { amount: 3, unit: "businessDays" } },
      },
      {
        id: expect.any(String),
        type: "branch",
        if: { noActivitySinceRunStart: true },
        thenSteps: [
          {
            id: expect.any(String),
            type: "notify",
            recipients: [{ kind: "ownerHead" }],
            message: "No activity on the deal",
          },
        ],
        elseSteps: [],
      },
    ]);
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith({ id: uuid(900) }));
  });

  it("offers email templates that fit the records and sends to a chosen person (and notifies one); SMS goes to the contact", async () => {
    const { fake } = open();
    const modal = await dialog();
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Welcome");
    await addStep(modal, "Send email");
    const email = within(modal).getByTestId("step-sendEmail");
    await user.click(within(email).getAllByLabelText("Template")[0] as HTMLElement);
    const offered = (await screen.findAllByRole("option")).map((o) => o.textContent);
    expect(offered).toEqual(["Welcome letter", "Contact greeting"]); // not the tasks' one, not SMS
    await user.click(screen.getByRole("option", { name: "Welcome letter" }));
    await pick(email, "Who", "A chosen person");
    await pick(email, "Person", "Mira Manager");

    await addStep(modal, "Notify");
    const notify = within(modal).getByTestId("step-notify");
    await pick(notify, "Who", "A chosen person");
    await pick(notify, "Person", "Mira Manager");
    await user.type(within(notify).getByRole("textbox", { name: "Message" }), "Sent");

    await addStep(modal, "Send SMS");
    const sms = within(modal).getByTestId("step-sendSms");
    expect(within(sms).getByText("To the contact's mobile number")).toBeInTheDocument();
    await pick(sms, "Template", "Reminder SMS");

    await user.click(within(modal).getByRole("button", { name: "Save" }));
    const body = await savedBody(fake);
    expect(body.definition.steps).toEqual([
      {
        id: expect.any(String),
        type: "sendEmail",
        templateId: uuid(801),
        to: { kind: "user", userId: MANAGER },
      },
      {
        id: expect.any(String),
        type: "notify",
        recipients: [{ kind: "user", userId: MANAGER }],
        message: "Sent",
      },
      { id: expect.any(String), type: "sendSms", templateId: uuid(804), to: { kind: "recordPhone" } },
    ]);
  });

  it("field changed: from → to typed as the field is (an option, a date in the user's format)", async () => {
    const { fake } = open();
    const modal = await dialog();
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Escalate");
    await pick(modal, "When", "A field changed");
    await pick(modal, "Field", "priority");
    await user.click(
      within(within(modal).getByTestId("trigger-to")).getAllByLabelText("Value")[0] as HTMLElement,
    );
    await user.click(await screen.findByRole("option", { name: "High" }));
    await addStep(modal, "Add tag");
    await user.type(within(modal).getByRole("textbox", { name: "Tag" }), "hot");
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    expect((await savedBody(fake)).definition.trigger).toEqual({
      kind: "fieldChanged",
      field: "priority",
      to: "high",
    });
  });

  it("field changed on a date: the typed day in the user's order reaches the rule as an ISO day", async () => {
    const { fake } = open();
    const modal = await dialog();
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Moved");
    await pick(modal, "When", "A field changed");
    await pick(modal, "Field", "closeDate");
    await user.type(within(within(modal).getByTestId("trigger-from")).getByRole("textbox"), "03/12/2027");
    await addStep(modal, "Add tag");
    await user.type(within(modal).getByRole("textbox", { name: "Tag" }), "moved");
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    expect((await savedBody(fake)).definition.trigger).toEqual({
      kind: "fieldChanged",
      field: "closeDate",
      from: "2027-03-12",
    });
  });

  it("shows the server's field errors on the step they are about and the rest above the buttons", async () => {
    const refuse: Handler = () =>
      new Response(
        JSON.stringify({
          type: "about:blank",
          title: "Validation failed",
          status: 422,
          code: "validation_failed",
          errors: [
            {
              field: "definition.steps.0.templateId",
              message: "No such template.",
              code: "unknown_template",
            },
            { field: "definition.trigger.field", message: "Unknown field nope.", code: "zz_unknown_code" },
          ],
        }),
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      );
    const { fake, onSaved } = open(refuse);
    const modal = await dialog();
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Broken");
    await addStep(modal, "Send email");
    await pick(within(modal).getByTestId("step-sendEmail"), "Template", "Welcome letter");
    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const email = within(modal).getByTestId("step-sendEmail");
    expect(await within(email).findByRole("alert")).toHaveTextContent(/template/i);
    const alerts = within(modal).getAllByRole("alert");
    expect(alerts.some((a) => a.textContent?.includes("Unknown field nope."))).toBe(true);
    expect(onSaved).not.toHaveBeenCalled();
  });
});
