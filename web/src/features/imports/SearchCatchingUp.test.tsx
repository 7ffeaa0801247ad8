import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { renderWithProviders } from "../../test/render";
import { SearchCatchingUp } from "./SearchCatchingUp";
import type { ImportJob } from "./types";

const ID = "00000000-0000-4000-8000-00000000c001";
const job = (searchCatchingUp: boolean) =>
  ({ id: ID, status: "completed", searchCatchingUp }) as unknown as ImportJob;

describe("SearchCatchingUp", () => {
  it("says search is catching up and goes away once the server says it has caught up", async () => {
    const fake = installFakeFetch({
      [`GET /api/v1/imports/${ID}`]: [() => json(job(true)), () => json(job(false))],
    });
    renderWithProviders(<SearchCatchingUp job={job(true)} />);
    expect(await screen.findByTestId("import-search-catching-up")).toHaveTextContent(/Search is catching up/);
    await waitFor(() => expect(screen.queryByTestId("import-search-catching-up")).toBeNull(), {
      timeout: 8000,
    });
    expect(fake.callsTo(`GET /api/v1/imports/${ID}`).length).toBeGreaterThanOrEqual(2);
  }, 15_000);

  it("shows nothing and asks nothing for an import indexed at once", async () => {
    const fake = installFakeFetch({});
    renderWithProviders(<SearchCatchingUp job={job(false)} />);
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.queryByTestId("import-search-catching-up")).toBeNull();
    expect(fake.calls).toHaveLength(0);
  });
});
