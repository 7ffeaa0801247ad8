import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import type { Rule } from "./api";
import { MAILBOX, openRuleEditor, pick, user, welcome } from "./ruleEditorTesting";

const file = (n: number, name: string, size: number) => ({
  id: uuid(n),
  name,
  kind: "pdf",
  contentType: "application/pdf",
  size,
  sha256: "0".repeat(64),
  recordType: "companies",
  recordId: uuid(n + 100),
  createdBy: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});
const stored = [file(731, "Contract 2026.pdf", 1536), file(732, "Price list.pdf", 200)];
const catalog = {
  "GET /api/v1/automations/catalog": () =>
    json({
      triggers: [{ kind: "recordCreated", source: "event", module: "automations" }],
      createTargets: [],
      variables: [],
      operators: {},
    }),
};

describe("the rule editor: the email step's stored file and document", { timeout: 180_000 }, () => {
  it("finds a file by part of its name, shows its size, keeps the choice and saves the rule with it and a document", async () => {
    const fake = openRuleEditor({
      ...catalog,
      // The server's search: part of the name, any case.
      "GET /api/v1/automations/attachable-files": (request) => {
        const q = (new URL(request.url).searchParams.get("q") ?? "").toLowerCase();
        return json({ items: stored.filter((f) => f.name.toLowerCase().includes(q)) });
      },
      "POST /api/v1/automations": () => json({ id: uuid(900) }, 201),
    });
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    await user.type(within(modal).getByRole("textbox", { name: /Name/ }), "Send the contract");
    await user.click(within(modal).getByRole("button", { name: "Add step" }));
    await user.click(await screen.findByRole("menuitem", { name: "Send email" }));
    const email = within(modal).getByTestId("step-sendEmail");
    await pick(email, "Template", "Welcome letter");
    // Only letters from a mailbox carry files.
    expect(within(email).queryByLabelText("Attach a stored file")).toBeNull();
    await pick(email, "From", "me@example.com");

    const picker = within(email).getAllByLabelText("Attach a stored file")[0] as HTMLElement;
    await user.click(picker);
    await user.type(picker, "contr");
    // The newest files first, then (after the pause in typing) only those the server found by the name.
    await waitFor(() =>
      expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Contract 2026.pdf (1.5 KB)"]),
    );
    const option = screen.getByRole("option", { name: "Contract 2026.pdf (1.5 KB)" });
    expect(
      fake.callsTo("GET /api/v1/automations/attachable-files").some((c) => c.query.includes("q=contr")),
    ).toBe(true);
    // A new rule is owned by its author: no rule is named for the owner's access.
    expect(
      fake.callsTo("GET /api/v1/automations/attachable-files").every((c) => !c.query.includes("ruleId")),
    ).toBe(true);
    await user.click(option);
    await waitFor(() => expect(picker).toHaveValue("Contract 2026.pdf (1.5 KB)"));
    // And a PDF made from one of the email templates for the record.
    await pick(email, "Attach a document made from a template (PDF)", "Welcome letter");

    await user.click(within(modal).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/automations")).toHaveLength(1));
    const body = fake.callsTo("POST /api/v1/automations")[0]?.body as {
      definition: { steps: Record<string, unknown>[] };
    };
    expect(body.definition.steps[0]).toMatchObject({
      type: "sendEmail",
      mailboxId: MAILBOX,
      attachments: [
        { kind: "file", fileId: uuid(731) },
        { kind: "document", templateId: welcome.id },
      ],
    });
    // The choice stays shown after the save.
    expect(picker).toHaveValue("Contract 2026.pdf (1.5 KB)");
  });

  it("shows the chosen file of a saved rule by its name and searches as that rule's owner", async () => {
    const ruleId = uuid(950);
    const rule = {
      id: ruleId,
      entity: "deals",
      name: "Send the price list",
      description: null,
      enabled: true,
      ownerId: uuid(951),
      version: 1,
      definition: {
        trigger: { kind: "recordCreated" },
        conditions: {},
        steps: [
          {
            id: "m",
            type: "sendEmail",
            templateId: welcome.id,
            to: { kind: "recordEmail" },
            mailboxId: MAILBOX,
            attachments: [{ kind: "file", fileId: uuid(732) }],
          },
        ],
      },
    } as unknown as Rule;
    const fake = openRuleEditor(
      {
        ...catalog,
        "GET /api/v1/automations/attachable-files": () => json({ items: [] }),
        [`GET /api/v1/files/${uuid(732)}`]: () => json(stored[1]),
      },
      rule,
    );
    const modal = await screen.findByRole("dialog", {}, { timeout: 20_000 });
    const email = await within(modal).findByTestId("step-sendEmail");
    const picker = within(email).getAllByLabelText("Attach a stored file")[0] as HTMLElement;
    await waitFor(() => expect(picker).toHaveValue("Price list.pdf (200 B)"));
    expect(
      fake
        .callsTo("GET /api/v1/automations/attachable-files")
        .every((c) => c.query.includes(`ruleId=${ruleId}`)),
    ).toBe(true);
    expect(fake.callsTo("GET /api/v1/automations/attachable-files").length).toBeGreaterThan(0);
  });
});
