import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";
import { dateOrderForServer, unansweredDateColumns } from "./importModel";
import type { ImportJob, ImportPreview } from "./types";

vi.mock("./importApi", async (original) => ({
  ...(await original<typeof import("./importApi")>()),
  uploadImportFile: vi.fn(async () => job({})),
}));

const ID = "00000000-0000-4000-8000-00000000b002";
const job = (patch: Partial<ImportJob>): ImportJob => ({
  id: ID,
  entity: "contacts",
  status: "uploaded",
  fileName: "customers.csv",
  fileKind: "csv",
  detectedEncoding: "utf-8",
  detectedDelimiter: ",",
  encoding: "utf-8",
  delimiter: ",",
  headers: ["Name", "Phone 1", "Subscription Date", "Signed"],
  mapping: {},
  options: { duplicatePolicy: "skip", skipInvalidRows: false, matchKey: "email" },
  dryRun: null,
  progress: {
    total: 2,
    processed: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    checkedPercent: 0,
    companiesCreated: 0,
  },
  error: null,
  searchCatchingUp: false,
  createdAt: "2026-12-06T10:00:00Z",
  startedAt: null,
  finishedAt: null,
  revertedAt: null,
  ...patch,
});
const preview = (dateOrders: ImportPreview["dateOrders"]): ImportPreview => ({
  encoding: "utf-8",
  delimiter: ",",
  detectedEncoding: "utf-8",
  detectedDelimiter: ",",
  headers: ["Name", "Phone 1", "Subscription Date", "Signed"],
  rows: [
    { rowNumber: 2, cells: ["Ann Lee", "(209)172-7124x3651", "08/07/2020", "08/26/2020"] },
    { rowNumber: 3, cells: ["Bo Park", "915.112.1727", "03/04/2021", "12/31/2021"] },
  ],
  mapping: { "0": "name", "1": "phone", "2": "birthday", "3": "lastContactedAt" },
  dateOrders,
  newFieldTypes: {},
  fields: [
    { key: "name", label: "Name", type: "text", custom: false },
    { key: "phone", label: "Phone", type: "phone", custom: false },
    { key: "birthday", label: "Birthday", type: "date", custom: false },
    { key: "lastContactedAt", label: "Last contacted", type: "date", custom: false },
  ],
});
const counts = { total: 2, valid: 2, invalid: 0, duplicates: 0, toCreate: 2, toUpdate: 0, toSkip: 0 };
const slow = { timeout: 20_000 };

function fakeServer(country: string | null, dateOrders: ImportPreview["dateOrders"] = {}) {
  let saved: ImportJob["options"] = job({}).options;
  return installFakeFetch({
    "GET /api/v1/me": () => json(adminUser),
    "GET /api/v1/settings/workspace-country": () => json({ country }),
    [`GET /api/v1/imports/${ID}/preview`]: () => json(preview(dateOrders)),
    [`PUT /api/v1/imports/${ID}/mapping`]: async (request: Request) => {
      saved = (await request.clone().json()).options;
      return json(job({ options: saved }));
    },
    [`POST /api/v1/imports/${ID}/dry-run`]: () =>
      json(job({ status: "validated", dryRun: counts, options: saved }), 202),
  });
}

async function toOptions() {
  renderApp("/import?entity=contacts");
  const wizard = await screen.findByTestId("import-wizard", {}, slow);
  await userEvent.upload(screen.getByTestId("import-file"), new File(["x"], "customers.csv"));
  await screen.findByText("Ann Lee · Bo Park", {}, slow);
  return wizard;
}

const visible = (label: string) =>
  screen.getAllByLabelText(label).find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;

describe("import options", { timeout: 60_000 }, () => {
  beforeEach(() => vi.clearAllMocks());

  it("pre-fills the phone country from the workspace's country and sends the user's choice", async () => {
    const fake = fakeServer("RU");
    await toOptions();
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    const country = visible("Default country for phone numbers");
    await waitFor(() => expect(country).toHaveValue("Russia (RU)"));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await screen.findByTestId("import-dry-run", {}, slow);
    expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[0]?.body).toMatchObject({
      options: { defaultCountry: "RU" },
    });

    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    await userEvent.click(visible("Default country for phone numbers"));
    await userEvent.click(await screen.findByRole("option", { name: "United States (US)" }));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await waitFor(() =>
      expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[1]?.body).toMatchObject({
        options: { defaultCountry: "US" },
      }),
    );
  });

  it("sends no default country when the workspace has none, whatever the interface language", async () => {
    const fake = fakeServer(null);
    await toOptions();
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(visible("Default country for phone numbers")).toHaveValue("");
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await screen.findByTestId("import-dry-run", {}, slow);
    expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[0]?.body).toMatchObject({
      options: { defaultCountry: null },
    });
  });

  it("imports rows without their invalid values and keeps invalid phones as text, explaining the report", async () => {
    const fake = fakeServer("US");
    await toOptions();
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await userEvent.click(screen.getByRole("radio", { name: "Import the row without the invalid value" }));
    await userEvent.click(screen.getByRole("checkbox", { name: /Keep invalid phone numbers as text/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    const report = await screen.findByTestId("import-dry-run", {}, slow);
    expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[0]?.body).toMatchObject({
      options: { skipInvalidRows: true, invalidValues: "dropValue", invalidPhones: "keepAsText" },
    });
    expect(within(report).getByRole("link", { name: /Download the error report/ })).toBeInTheDocument();
    const kinds = within(report).getByTestId("import-report-kinds");
    expect(kinds).toHaveTextContent("dropped — imported without this value");
    expect(kinds).toHaveTextContent("kept — phone number kept as written, not verified");

    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByRole("radio", { name: "Import the row without the invalid value" })).toBeChecked();
    await userEvent.click(
      screen.getByRole("radio", { name: "Stop: nothing is imported until the file is fixed" }),
    );
    await userEvent.click(screen.getByRole("checkbox", { name: /Keep invalid phone numbers as text/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await waitFor(() =>
      expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[1]?.body).toMatchObject({
        options: { skipInvalidRows: false, invalidValues: "rejectRow", invalidPhones: "reject" },
      }),
    );
    expect(screen.queryByTestId("import-report-kinds")).not.toBeInTheDocument();
  });

  it("asks once per ambiguous date column and sends the answer with the detected orders", async () => {
    const fake = fakeServer(null, { "2": "ambiguous", "3": "monthFirst" });
    await toOptions();
    const questions = await screen.findByTestId("import-date-orders");
    expect(within(questions).getAllByRole("radiogroup")).toHaveLength(1);
    expect(within(questions).getByText("How do the dates in “Subscription Date” read?")).toBeInTheDocument();
    const next = screen.getByRole("button", { name: "Continue" });
    expect(next).toBeDisabled();
    await userEvent.click(within(questions).getByRole("radio", { name: "Month first (08/26/2020)" }));
    expect(next).toBeEnabled();
    await userEvent.click(next);
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await screen.findByTestId("import-dry-run", {}, slow);
    expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[0]?.body).toMatchObject({
      options: { dateOrder: { "2": "monthFirst", "3": "monthFirst" } },
    });
  });

  it("no longer asks about a date column that is not imported", () => {
    const dates = { "2": "ambiguous", "3": "dayFirst" } as const;
    expect(unansweredDateColumns({ columns: { "2": "birthday" }, dates })).toEqual(["2"]);
    expect(unansweredDateColumns({ columns: { "2": null }, dates })).toEqual([]);
    expect(dateOrderForServer({ columns: { "2": null, "3": "x" }, dates })).toEqual({ "3": "dayFirst" });
    expect(dateOrderForServer({ columns: { "2": "b" }, dates, dateOrder: { "2": "monthFirst" } })).toEqual({
      "2": "monthFirst",
    });
    expect(dateOrderForServer({ columns: {}, dates: {} })).toBeUndefined();
  });
});
