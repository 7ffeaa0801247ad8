import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { AppProviders } from "../../app/AppProviders";
import { createQueryClient } from "../../app/queryClient";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { companyFields } from "../../test/listFixtures";
import { useFields } from "./useFields";

describe("useFields", () => {
  it("leaves filter-only fields (structured values shown elsewhere) out of the columns", async () => {
    installFakeFetch({
      "GET /api/v1/custom-fields/meta/companies": () =>
        json({
          items: [
            ...companyFields,
            {
              key: "emails",
              type: "email",
              filterable: true,
              sortable: false,
              custom: false,
              filterOnly: true,
              operators: ["eq", "contains", "in", "notIn", "isEmpty", "isNotEmpty"],
              access: "readonly",
            },
          ],
        }),
      "GET /api/v1/custom-fields": () => json({ items: [] }),
    });
    const queryClient = createQueryClient();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <AppProviders queryClient={queryClient} env="test">
        {children}
      </AppProviders>
    );
    const { result } = renderHook(() => useFields("companies"), { wrapper });
    await waitFor(() => expect(result.current.columns.length).toBeGreaterThan(0));
    expect(result.current.columns.map((c) => c.key)).toEqual(["name", "city", "ownerId"]);
  });
});
