import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { adminEntities } from "../../test/entityMeta";
import { installFakeFetch, json, type RecordedCall } from "../../test/fakeFetch";
import { listRoutes, uuid } from "../../test/listFixtures";
import { renderApp } from "../../test/render";
import { checkableCandidate } from "./DuplicateHint";

const slow = { timeout: 20_000 };
const text = (key: string) => ({
  key,
  type: "text",
  filterable: true,
  sortable: true,
  custom: false,
  access: "write",
});
// The create forms show the standard fields the metadata lets the user write.
const fields = [text("name"), text("firstName"), text("lastName")];
const anna = { id: uuid(1), name: "Anna Petrova" };
const romashka = { id: uuid(2), name: "Romashka LLC" };

type Candidate = {
  name?: string;
  lastName?: string;
  phones?: string[];
  emails?: string[];
  city?: string | null;
};
type Body = { entity: string; candidate: Candidate & { taxIds?: { kind: string; value: string }[] } };
const bodies = (calls: RecordedCall[]) => calls.map((c) => c.body as Body);

/** The check answers like the server: one match per rule the candidate meets. */
function duplicateServer(answer: (body: Body) => { id: string; name: string; reason: string }[]) {
  return {
    "POST /api/v1/duplicates/check": async (request: Request) =>
      json({ matches: answer((await request.json()) as Body) }),
  };
}

describe("duplicate hints while creating", { timeout: 90_000 }, () => {
  it("sends only what is worth comparing", () => {
    expect(checkableCandidate({ name: "Ro", phones: ["8 912"], emails: ["anna@"] })).toBeNull();
    expect(
      checkableCandidate({
        name: " Romashka ",
        city: " Kazan ",
        country: "ru",
        phones: ["8 912 345-67-89", "12"],
        emails: ["office@romashka.example", "office@"],
        taxIds: [
          { kind: "INN", value: "7707083893" },
          { kind: "INN", value: "77" },
        ],
      }),
    ).toEqual({
      name: "Romashka",
      city: "Kazan",
      country: "RU",
      phones: ["8 912 345-67-89"],
      emails: ["office@romashka.example"],
      taxIds: [{ kind: "INN", value: "7707083893" }],
    });
  });

  it("contact dialog: warns about an existing e-mail and a similar name before saving", async () => {
    const fake = installFakeFetch({
      ...listRoutes("contacts", [], fields),
      ...duplicateServer((body) => [
        ...(body.candidate.emails?.includes("anna@firm.example") ? [{ ...anna, reason: "email" }] : []),
        ...(body.candidate.lastName === "Petrova" ? [{ ...anna, reason: "name" }] : []),
      ]),
    });
    renderApp("/contacts");
    await userEvent.click(await screen.findByRole("button", { name: "New contact" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New contact" }, slow);
    await userEvent.type(within(dialog).getByRole("textbox", { name: "First name" }), "Anna");
    await userEvent.click(
      within(within(dialog).getByRole("group", { name: "E-mails" })).getByRole("button", { name: "Add" }),
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: "E-mail" }), "anna@firm.example");
    const hint = await within(dialog).findByRole("note", {}, slow);
    expect(hint).toHaveTextContent("Similar records already exist");
    expect(hint).toHaveTextContent("same e-mail");
    expect(within(hint).getByRole("link", { name: "Anna Petrova" })).toHaveAttribute(
      "href",
      `/contacts/${anna.id}`,
    );
    // Debounced: no request per keystroke, and the half-typed address was never sent.
    const sent = bodies(fake.callsTo("POST /api/v1/duplicates/check"));
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.every((b) => b.entity === "contacts")).toBe(true);
    expect(sent.flatMap((b) => b.candidate.emails ?? [])).not.toContain("anna@firm");
    expect(sent.at(-1)?.candidate).toMatchObject({ firstName: "Anna", emails: ["anna@firm.example"] });

    await userEvent.clear(within(dialog).getByRole("textbox", { name: "E-mail" }));
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Last name" }), "Petrova");
    await waitFor(() => expect(within(dialog).getByRole("note")).toHaveTextContent("same name"), slow);
    expect(within(dialog).getByRole("note")).not.toHaveTextContent("same e-mail");
    expect(fake.callsTo("POST /api/v1/contacts")).toHaveLength(0);
  });

  it("asks only when the entity's definition declares the check (/meta/entities), whatever the form", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/meta/entities": () =>
        json({
          items: adminEntities.map((e) =>
            e.name === "contacts" ? { ...e, capabilities: { ...e.capabilities, duplicateCheck: false } } : e,
          ),
        }),
      ...listRoutes("contacts", [], fields),
      ...duplicateServer(() => [{ ...anna, reason: "name" }]),
    });
    renderApp("/contacts");
    await userEvent.click(await screen.findByRole("button", { name: "New contact" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New contact" }, slow);
    await userEvent.type(within(dialog).getByRole("textbox", { name: "First name" }), "Anna");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Last name" }), "Petrova");
    // Past the debounce: a form of an entity without the check never asks and shows no hint.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(fake.callsTo("POST /api/v1/duplicates/check")).toHaveLength(0);
    expect(within(dialog).queryByRole("note")).toBeNull();
  });

  it("contact dialog: a phone typed in local format keeps the phone wording", async () => {
    installFakeFetch({
      ...listRoutes("contacts", [], fields),
      ...duplicateServer((body) => (body.candidate.phones?.length ? [{ ...anna, reason: "phone" }] : [])),
    });
    renderApp("/contacts");
    await userEvent.click(await screen.findByRole("button", { name: "New contact" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New contact" }, slow);
    await userEvent.click(
      within(within(dialog).getByRole("group", { name: "Phones" })).getByRole("button", { name: "Add" }),
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Phone" }), "8 912 3");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(within(dialog).queryByRole("note")).toBeNull();
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Phone" }), "45-67-89");
    const hint = await within(dialog).findByRole("note", {}, slow);
    expect(hint).toHaveTextContent("Records with this phone number already exist");
  });

  it("company dialog: checks the tax ID and the name in the address's city", async () => {
    const fake = installFakeFetch({
      ...listRoutes("companies", [], fields),
      ...duplicateServer((body) => [
        ...(body.candidate.taxIds?.some((t) => t.value === "7707083893")
          ? [{ ...romashka, reason: "taxId" }]
          : []),
        ...(body.candidate.name === "Romashka" && body.candidate.city === "Kazan"
          ? [{ ...romashka, reason: "name" }]
          : []),
      ]),
    });
    renderApp("/companies");
    await userEvent.click(await screen.findByRole("button", { name: "New company" }, slow));
    const dialog = await screen.findByRole("dialog", { name: "New company" }, slow);
    await userEvent.type(within(dialog).getByRole("textbox", { name: /^Name/ }), "Romashka");
    await userEvent.click(
      within(within(dialog).getByRole("group", { name: "Tax IDs" })).getByRole("button", { name: "Add" }),
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Value" }), "7707083893");
    const hint = await within(dialog).findByRole("note", {}, slow);
    expect(hint).toHaveTextContent("same tax ID");
    expect(hint).not.toHaveTextContent("same name");
    expect(within(hint).getByRole("link", { name: "Romashka LLC" })).toHaveAttribute(
      "href",
      `/companies/${romashka.id}`,
    );
    await userEvent.click(
      within(within(dialog).getByRole("group", { name: "Addresses" })).getByRole("button", { name: "Add" }),
    );
    await userEvent.type(within(dialog).getByRole("textbox", { name: "City" }), "Kazan");
    await waitFor(() => expect(within(dialog).getByRole("note")).toHaveTextContent("same name"), slow);
    expect(bodies(fake.callsTo("POST /api/v1/duplicates/check")).at(-1)).toMatchObject({
      entity: "companies",
      candidate: { name: "Romashka", city: "Kazan", taxIds: [{ kind: "VAT", value: "7707083893" }] },
    });
  });
});
