import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { adminEntities } from "../../test/entityMeta";
import { installFakeFetch, json, noContent } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { FilesPanel } from "./FilesPanel";

const DEAL = uuid(7);
const FILE = uuid(8);
const withFiles = (names: string[]) =>
  adminEntities.map((e) =>
    names.includes(e.name) ? { ...e, capabilities: { ...e.capabilities, files: true } } : e,
  );
const file = {
  id: FILE,
  name: "contract.pdf",
  kind: "pdf",
  contentType: "application/pdf",
  size: 1536,
  sha256: "a".repeat(64),
  recordType: "deals",
  recordId: DEAL,
  createdBy: null,
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
};

describe("files panel", { timeout: 30_000 }, () => {
  it("lists a record's files with size, offers preview, and deletes after confirmation", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/meta/entities": () => json({ items: withFiles(["deals"]) }),
      "GET /api/v1/files": [
        () => json({ items: [file], canEdit: true }),
        () => json({ items: [], canEdit: true }),
      ],
      [`DELETE /api/v1/files/${FILE}`]: () => noContent(),
    });
    renderWithProviders(<FilesPanel entity="deals" id={DEAL} />);
    const link = await screen.findByRole("link", { name: "contract.pdf" });
    expect(link).toHaveAttribute("href", `/api/v1/files/${FILE}/download`);
    expect(screen.getByText(/1\.5 KB/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Preview" })).toBeInTheDocument();
    expect(new URLSearchParams(fake.callsTo("GET /api/v1/files")[0]?.query).get("recordId")).toBe(DEAL);

    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("“contract.pdf” will be removed from this record.")).toBeInTheDocument();
    expect(fake.callsTo(`DELETE /api/v1/files/${FILE}`)).toHaveLength(0);
    const buttons = screen.getAllByRole("button", { name: "Delete" });
    await userEvent.click(buttons[buttons.length - 1] as HTMLElement);
    await waitFor(() => expect(fake.callsTo(`DELETE /api/v1/files/${FILE}`)).toHaveLength(1));
    expect(await screen.findByText("No files yet.")).toBeInTheDocument();
  });

  it("shows no upload or delete to a user who may only read, and nothing for entities without files", async () => {
    installFakeFetch({
      "GET /api/v1/meta/entities": () => json({ items: withFiles(["deals"]) }),
      "GET /api/v1/files": () => json({ items: [file], canEdit: false }),
    });
    const { unmount } = renderWithProviders(<FilesPanel entity="deals" id={DEAL} />);
    expect(await screen.findByRole("link", { name: "contract.pdf" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Upload" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    unmount();
    const fake = installFakeFetch({ "GET /api/v1/meta/entities": () => json({ items: withFiles([]) }) });
    renderWithProviders(<FilesPanel entity="deals" id={DEAL} />);
    await waitFor(() => expect(fake.callsTo("GET /api/v1/meta/entities").length).toBeGreaterThan(0));
    expect(screen.queryByTestId("files-panel")).toBeNull();
    expect(fake.callsTo("GET /api/v1/files")).toHaveLength(0);
  });
});
