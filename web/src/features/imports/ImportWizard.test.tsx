import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { adminUser, renderApp } from "../../test/render";
import { mappingForServer, progressPercent, stepForStatus, takenFields } from "./importModel";
import type { ImportJob, ImportPreview } from "./types";

vi.mock("./importApi", async (original) => ({
  ...(await original<typeof import("./importApi")>()),
  uploadImportFile: vi.fn(async (_entity: string, _file: File, onProgress: (p: number) => void) => {
    onProgress(100);
    return job({ status: "uploaded" });
  }),
}));

const ID = "00000000-0000-4000-8000-00000000i001".replace("i", "a");
const job = (patch: Partial<ImportJob>): ImportJob => ({
  id: ID,
  entity: "contacts",
  status: "uploaded",
  fileName: "people.csv",
  fileKind: "csv",
  detectedEncoding: "windows-1251",
  detectedDelimiter: ";",
  encoding: "windows-1251",
  delimiter: ";",
  headers: ["Имя", "Телефон", "Комментарий"],
  mapping: {},
  options: { duplicatePolicy: "skip", skipInvalidRows: true, matchKey: "email" },
  dryRun: null,
  progress: {
    total: 3,
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
  createdAt: "2026-11-23T10:00:00Z",
  startedAt: null,
  finishedAt: null,
  revertedAt: null,
  ...patch,
});
const preview: ImportPreview = {
  encoding: "windows-1251",
  delimiter: ";",
  detectedEncoding: "windows-1251",
  detectedDelimiter: ";",
  headers: ["Имя", "Телефон", "Комментарий"],
  rows: [{ rowNumber: 2, cells: ["Анна", "8 (912) 345-67-89", "VIP"] }],
  mapping: { "0": "name", "1": "phone" },
  dateOrders: {},
  newFieldTypes: {},
  fields: [
    { key: "name", label: "Name", type: "text", custom: false },
    { key: "phone", label: "Phone", type: "phone", custom: false },
    { key: "notes", label: "Notes", type: "text", custom: false },
  ],
};
const counts = { total: 3, valid: 2, invalid: 1, duplicates: 0, toCreate: 2, toUpdate: 0, toSkip: 1 };
const slow = { timeout: 20_000 };

describe("import model", () => {
  it("maps server states to wizard steps", () => {
    expect(stepForStatus(undefined, false)).toBe("upload");
    expect(stepForStatus("uploaded", false)).toBe("mapping");
    expect(stepForStatus("validating", false)).toBe("checking");
    expect(stepForStatus("validated", false)).toBe("options");
    expect(stepForStatus("validated", true)).toBe("review");
    expect(stepForStatus("running", true)).toBe("running");
    expect(stepForStatus("reverted", true)).toBe("result");
  });

  it("sends only imported columns, keeps fields unique and reports progress", () => {
    expect(mappingForServer({ "0": "name", "1": null, "2": "phone" })).toEqual({ "0": "name", "2": "phone" });
    expect([...takenFields({ "0": "name", "1": "phone" }, "1")]).toEqual(["name"]);
    expect(progressPercent({ ...job({}).progress, total: 0 })).toBe(0);
    expect(progressPercent({ ...job({}).progress, processed: 2, created: 2 })).toBe(67);
  });
});

describe("import wizard", { timeout: 60_000 }, () => {
  beforeEach(() => vi.clearAllMocks());

  it("goes upload → mapping → options → check (polling) → review → run (polling) → result → undo", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/imports/${ID}/preview`]: () => json(preview),
      [`PUT /api/v1/imports/${ID}/mapping`]: () => json(job({ status: "uploaded" })),
      [`POST /api/v1/imports/${ID}/dry-run`]: () => json(job({ status: "validating" }), 202),
      [`POST /api/v1/imports/${ID}/run`]: () => json(job({ status: "queued", dryRun: counts }), 202),
      [`GET /api/v1/imports/${ID}`]: [
        () =>
          json(
            job({
              status: "validating",
              progress: { ...job({}).progress, processed: 2, failed: 1, checkedPercent: 40 },
            }),
          ),
        () => json(job({ status: "validated", dryRun: counts })),
        () => json(job({ status: "running", progress: { ...job({}).progress, processed: 1 } })),
        () =>
          json(
            job({
              status: "completed",
              progress: { ...job({}).progress, processed: 3, created: 2, skipped: 1 },
            }),
          ),
      ],
      [`POST /api/v1/imports/${ID}/revert`]: () => json(job({ status: "reverted" })),
    });
    renderApp("/import?entity=contacts");
    const wizard = await screen.findByTestId("import-wizard", {}, slow);
    expect(wizard).toHaveAttribute("data-step", "upload");

    await userEvent.upload(
      screen.getByTestId("import-file"),
      new File(["a;b"], "people.csv", { type: "text/csv" }),
    );
    await waitFor(() => expect(wizard).toHaveAttribute("data-step", "mapping"));
    expect(await screen.findByText("8 (912) 345-67-89", {}, slow)).toBeInTheDocument();
    const fieldFor = (column: string) =>
      screen
        .getAllByLabelText(`Field for “${column}”`)
        .find((input) => input.getAttribute("type") !== "hidden");
    expect(fieldFor("Имя")).toHaveValue("Name");
    expect(fieldFor("Комментарий")).toHaveValue("Don't import");

    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() => expect(wizard).toHaveAttribute("data-step", "options"));
    await userEvent.click(screen.getByRole("radio", { name: "Update it with the file's values" }));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));

    const checking = await screen.findByTestId("import-checking");
    expect(wizard).toHaveAttribute("data-step", "checking");
    expect(await within(checking).findByText("Rows checked: 2, invalid so far: 1")).toBeInTheDocument();
    expect(within(checking).getByRole("progressbar", { name: "Check progress" })).toHaveAttribute(
      "aria-valuenow",
      "40",
    );
    const report = await screen.findByTestId("import-dry-run", {}, { timeout: 5_000 });
    expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[0]?.body).toEqual({
      mapping: { "0": "name", "1": "phone" },
      options: {
        duplicatePolicy: "update",
        skipInvalidRows: false,
        matchKey: "email",
        invalidValues: "rejectRow",
        invalidPhones: "reject",
        defaultCountry: null,
      },
    });
    expect(within(report).getByRole("link", { name: /Download the error report/ })).toHaveAttribute(
      "href",
      `/api/v1/imports/${ID}/errors.csv`,
    );

    await userEvent.click(screen.getByRole("button", { name: "Start import" }));
    const result = await screen.findByTestId("import-result", {}, { timeout: 10_000 });
    expect(result).toHaveTextContent("Import finished.");
    await userEvent.click(within(result).getByRole("button", { name: "Undo import" }));
    expect(await screen.findByText("The import was undone.")).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/imports/${ID}/revert`)).toHaveLength(1);
  });

  it("stops a running import on request: the run is undone (revert) and the result says so", async () => {
    let reverted = false;
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/imports/${ID}/preview`]: () => json(preview),
      [`PUT /api/v1/imports/${ID}/mapping`]: () => json(job({ status: "uploaded" })),
      [`POST /api/v1/imports/${ID}/dry-run`]: () => json(job({ status: "validating" }), 202),
      [`POST /api/v1/imports/${ID}/run`]: () => json(job({ status: "queued", dryRun: counts }), 202),
      [`GET /api/v1/imports/${ID}`]: [
        () => json(job({ status: "validated", dryRun: counts })),
        () =>
          json(
            reverted
              ? job({ status: "reverted" })
              : job({ status: "running", progress: { ...job({}).progress, processed: 1 } }),
          ),
      ],
      [`POST /api/v1/imports/${ID}/revert`]: () => {
        reverted = true;
        return json(job({ status: "reverted" }));
      },
    });
    renderApp("/import?entity=contacts");
    const wizard = await screen.findByTestId("import-wizard", {}, slow);
    await userEvent.upload(
      screen.getByTestId("import-file"),
      new File(["a;b"], "people.csv", { type: "text/csv" }),
    );
    await waitFor(() => expect(wizard).toHaveAttribute("data-step", "mapping"), slow);
    await userEvent.click(await screen.findByRole("button", { name: "Continue" }, slow));
    await userEvent.click(await screen.findByRole("button", { name: "Check the file" }));
    await screen.findByTestId("import-dry-run", {}, { timeout: 5_000 });
    await userEvent.click(screen.getByRole("button", { name: "Start import" }));
    const stop = await screen.findByRole("button", { name: "Stop and undo the import" }, { timeout: 10_000 });
    expect(wizard).toHaveAttribute("data-step", "running");
    await userEvent.click(stop);
    expect(await screen.findByText("The import was undone.")).toBeInTheDocument();
    expect(fake.callsTo(`POST /api/v1/imports/${ID}/revert`)).toHaveLength(1);
  });

  it("returns to the options with the reason when the check fails", async () => {
    installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/imports/${ID}/preview`]: () => json(preview),
      [`PUT /api/v1/imports/${ID}/mapping`]: () => json(job({ status: "uploaded" })),
      [`POST /api/v1/imports/${ID}/dry-run`]: () => json(job({ status: "validating" }), 202),
      [`GET /api/v1/imports/${ID}`]: () => json(job({ status: "failed", error: "The file is damaged." })),
    });
    renderApp("/import?entity=contacts");
    const wizard = await screen.findByTestId("import-wizard", {}, slow);
    await userEvent.upload(
      screen.getByTestId("import-file"),
      new File(["a;b"], "people.csv", { type: "text/csv" }),
    );
    await screen.findByText("8 (912) 345-67-89", {}, slow);
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    expect(
      await screen.findByText("The check failed: The file is damaged.", {}, { timeout: 5_000 }),
    ).toBeInTheDocument();
    expect(wizard).toHaveAttribute("data-step", "options");
    expect(screen.queryByTestId("import-dry-run")).not.toBeInTheDocument();
  });

  it("lets the user type any other delimiter, refusing letters, digits, quotes and spaces", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/me": () => json(adminUser),
      [`GET /api/v1/imports/${ID}/preview`]: () => json(preview),
      [`PUT /api/v1/imports/${ID}/mapping`]: () => json(job({ status: "uploaded", delimiter: "~" })),
    });
    renderApp("/import?entity=contacts");
    await screen.findByTestId("import-wizard", {}, slow);
    await userEvent.upload(
      screen.getByTestId("import-file"),
      new File(["a~b"], "people.csv", { type: "text/csv" }),
    );
    await screen.findByText("8 (912) 345-67-89", {}, slow);
    const delimiter = screen
      .getAllByLabelText("Delimiter")
      .find((input) => input.getAttribute("type") !== "hidden") as HTMLElement;
    await userEvent.click(delimiter);
    expect(await screen.findByRole("option", { name: "Colon :" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("option", { name: "Other…" }));
    const own = await screen.findByLabelText("Delimiter character");
    await userEvent.type(own, "a");
    expect(
      await screen.findByText("One character that is not a letter, digit, quote or space"),
    ).toBeInTheDocument();
    expect(fake.callsTo(`GET /api/v1/imports/${ID}/preview`).some((c) => c.query.includes("delimiter"))).toBe(
      false,
    );
    await userEvent.clear(own);
    await userEvent.type(own, "~");
    await waitFor(() =>
      expect(
        fake
          .callsTo(`GET /api/v1/imports/${ID}/preview`)
          .some((c) => c.query.includes("delimiter=%7E") || c.query.includes("delimiter=~")),
      ).toBe(true),
    );
    expect(
      screen.queryByText("One character that is not a letter, digit, quote or space"),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await userEvent.click(screen.getByRole("button", { name: "Check the file" }));
    await waitFor(() =>
      expect(fake.callsTo(`PUT /api/v1/imports/${ID}/mapping`)[0]?.body).toMatchObject({ delimiter: "~" }),
    );
  });
});
