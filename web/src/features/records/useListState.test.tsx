import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { type SavedView, viewsKey } from "../views/api";
import { useListState } from "./useListState";

const view = (sort: string, updatedAt: string, filter: unknown = null): SavedView =>
  ({
    id: "00000000-0000-4000-8000-0000000000aa",
    entity: "contacts",
    name: "Мои клиенты",
    visibility: "private",
    filter,
    sort,
    columns: ["name", "phone"],
    ownerId: "00000000-0000-4000-8000-000000000001",
    createdAt: "2026-12-01T00:00:00.000Z",
    updatedAt,
  }) as unknown as SavedView;

function setup(listed: SavedView[]) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  client.setQueryData(viewsKey("contacts"), listed);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useListState("contacts", "u1", ["name"]), { wrapper });
}

describe("a saved view right after saving", () => {
  it("is not 'modified' while the list still holds the view as it was before the save", () => {
    const before = view("name", "2026-12-01T00:00:00.000Z");
    const { result } = setup([before]);
    // Saved with a new sort: the server answers the updated view; the list is refetched later.
    act(() => result.current.apply(view("-createdAt", "2026-12-07T10:00:00.000Z")));
    expect(result.current.dirty).toBe(false);
  });

  it("is not 'modified' when the server answers the filter with its keys in another order", () => {
    const { result } = setup([]);
    const saved = view("name", "2026-12-07T10:00:00.000Z", {
      and: [{ value: "Москва", op: "eq", field: "city" }],
    });
    act(() => result.current.apply(saved));
    expect(result.current.dirty).toBe(false);
  });
});
