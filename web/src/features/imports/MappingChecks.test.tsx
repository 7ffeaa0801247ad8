import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderWithProviders } from "../../test/render";
import { type MappingState, MappingStep } from "./MappingStep";
import { ProblemList } from "./ProblemList";
import type { ImportJob, ImportPreview } from "./types";

const ID = "00000000-0000-4000-8000-0000000000b1";
const job = {
  id: ID,
  entity: "contacts",
  encoding: "utf-8",
  delimiter: ",",
} as ImportJob;
const preview: ImportPreview = {
  encoding: "utf-8",
  delimiter: ",",
  detectedEncoding: "utf-8",
  detectedDelimiter: ",",
  headers: ["First Name", "Subscription Date", "Website", "Mobile"],
  rows: [{ rowNumber: 2, cells: ["Ann", "soon", "https://ann.example", "+1-424-237-0336"] }],
  mapping: { "0": "firstName", "1": "birthday", "3": "mobile" },
  dateOrders: {},
  fields: [
    { key: "firstName", label: "First name", type: "text", custom: false },
    { key: "birthday", label: "Birthday", type: "date", custom: false },
    { key: "mobile", label: "Mobile phone", type: "phone", custom: false },
  ],
  newFieldTypes: { "0": "text", "1": "text", "2": "url", "3": "phone" },
};

function Harness() {
  const [state, setState] = useState<MappingState>({ columns: {} });
  return <MappingStep job={job} state={state} onChange={setState} onBack={() => {}} onNext={() => {}} />;
}

describe("mapping step checks", { timeout: 30_000 }, () => {
  it("shows the server's warning under its column and creates a custom field for an unmapped one", async () => {
    let created = false;
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json({ ...adminUser, adminPermissions: ["customFields.manage"] }),
      [`GET /api/v1/imports/${ID}/preview`]: () =>
        json(
          created
            ? {
                ...preview,
                fields: [
                  ...preview.fields,
                  { key: "custom.website", label: "Website", type: "url", custom: true },
                ],
              }
            : preview,
        ),
      [`POST /api/v1/imports/${ID}/mapping/check`]: () =>
        json({
          checkedRows: 1,
          warnings: [
            { column: "1", field: "birthday", code: "invalidValues", checked: 1, count: 1, example: "soon" },
          ],
        }),
      "GET /api/v1/custom-fields": () => json({ items: [{ key: "website" }] }),
      "POST /api/v1/custom-fields": () => {
        created = true;
        return json({ key: "website2", label: "Website" }, 201);
      },
    });
    renderWithProviders(<Harness />);
    expect(
      await screen.findByText(
        "This field cannot hold 1 of 1 values in the first rows (e.g. “soon”)",
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/imports/${ID}/mapping/check`)[0]?.body).toEqual({
      mapping: { "0": "firstName", "1": "birthday", "3": "mobile" },
    });
    // Only the unmapped Website column offers a new field, typed from its values; the key avoids a taken one.
    const create = await screen.findByRole("button", { name: "Create a custom field for “Website”" });
    expect(screen.getAllByRole("button", { name: /Create a custom field/ })).toHaveLength(1);
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.click(create);
    await waitFor(() =>
      expect(fake.callsTo("POST /api/v1/custom-fields")[0]?.body).toEqual({
        entity: "contacts",
        key: "website2",
        label: "Website",
        type: "url",
      }),
    );
    await waitFor(() =>
      expect(fake.callsTo(`POST /api/v1/imports/${ID}/mapping/check`).at(-1)?.body).toMatchObject({
        mapping: { "2": "custom.website2" },
      }),
    );
  });

  it("offers no new field to a user who may not manage custom fields", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/imports/${ID}/preview`]: () => json(preview),
      [`POST /api/v1/imports/${ID}/mapping/check`]: () => json({ checkedRows: 1, warnings: [] }),
    });
    renderWithProviders(<Harness />);
    expect(await screen.findByText("https://ann.example", {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Create a custom field/ })).toBeNull();
    expect(screen.queryByText(/This field cannot hold/)).toBeNull();
  });

  it("lists the report's problems with values as they were in the file", async () => {
    installFakeFetch({
      [`GET /api/v1/imports/${ID}/errors`]: () =>
        json({
          items: [
            {
              row: 2,
              column: "Email",
              value: "=HYPERLINK(1)",
              reason: "Not a valid email address.",
              kind: "invalid",
            },
          ],
          nextCursor: "9",
        }),
    });
    renderWithProviders(<ProblemList importId={ID} version="v" />);
    expect(await screen.findByText("=HYPERLINK(1)", {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByText("'=HYPERLINK(1)")).toBeNull();
    expect(
      screen.getByText("The first 20 problems; download the report for all of them."),
    ).toBeInTheDocument();
  });
});
