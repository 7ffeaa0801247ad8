import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
  useParams,
} from "@tanstack/react-router";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { type ReactNode, useState } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppProviders } from "../../app/AppProviders";
import { createQueryClient } from "../../app/queryClient";
import { CardList, type CardListProps } from "./CardList";
import { TableEnvProvider } from "./TableEnv";
import type { ColumnSpec, RowBase } from "./types";

const column = (key: string, label: string, type: ColumnSpec["type"]): ColumnSpec => ({
  key,
  label,
  type,
  sortable: true,
  filterable: true,
  editable: true,
  custom: false,
});
const columns = [
  column("name", "Name", "text"),
  column("phone", "Phone", "phone"),
  column("email", "Email", "email"),
  column("city", "City", "text"),
  column("position", "Position", "text"),
  column("industry", "Industry", "text"),
];
const contact = (i: number, extra: Record<string, unknown> = {}): RowBase => ({
  id: `c-${i}`,
  name: `Contact ${i}`,
  phones: [{ raw: "+7 912 345-67-89", e164: "+79123456789" }],
  emails: [{ value: `c${i}@example.com` }],
  address: { city: "Almaty" },
  position: null,
  industry: "Retail",
  ...extra,
});

type Props = Partial<CardListProps> & { rows: RowBase[] };

function Harness(props: Props & { onSelected?: (ids: string[]) => void }) {
  const [selection, setSelection] = useState<Record<string, true>>({});
  return (
    <CardList
      ariaLabel="Contacts"
      columns={columns}
      visible={["name", "phone", "email", "city", "position", "industry"]}
      primary="name"
      loading={false}
      hasMore={false}
      fetchingMore={false}
      onLoadMore={() => undefined}
      selection={selection}
      onSelectionChange={(next) => {
        setSelection(next);
        props.onSelected?.(Object.keys(next));
      }}
      {...props}
    />
  );
}

/** The card list inside the providers and a router with the contact page route, so a card link can open it. */
async function renderCards(ui: () => ReactNode) {
  const root = createRootRoute({ component: () => <Outlet /> });
  const list = createRoute({ getParentRoute: () => root, path: "/", component: () => <>{ui()}</> });
  const page = createRoute({
    getParentRoute: () => root,
    path: "/contacts/$id",
    component: function ContactPage() {
      const { id } = useParams({ strict: false }) as { id?: string };
      return <h1>Contact page {id}</h1>;
    },
  });
  const router = createRouter({
    routeTree: root.addChildren([list, page]),
    history: createMemoryHistory({ initialEntries: ["/"] }),
  });
  await router.load();
  render(
    <AppProviders queryClient={createQueryClient()} env="test">
      <TableEnvProvider value={{ users: new Map(), rowHref: (row) => `/contacts/${row.id}` }}>
        <RouterProvider router={router} />
      </TableEnvProvider>
    </AppProviders>,
  );
  return router;
}

// jsdom has no layout: give the scroll container a phone-sized viewport (360×740) for the virtualizer.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 740 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 360 });
});
afterAll(() => {
  Reflect.deleteProperty(HTMLElement.prototype, "clientHeight");
  Reflect.deleteProperty(HTMLElement.prototype, "clientWidth");
});

describe("CardList (phone layout)", { timeout: 30_000 }, () => {
  it("shows each row as a card: the primary field links to the record, up to four labelled details", async () => {
    const router = await renderCards(() => <Harness rows={[contact(1), contact(2)]} />);
    const list = await screen.findByRole("list", { name: "Contacts" });
    const cards = within(list).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const first = cards[0] as HTMLElement;
    expect(within(first).getByRole("link", { name: "Contact 1" })).toHaveAttribute("href", "/contacts/c-1");
    // Quick actions on the card: call and write.
    expect(within(first).getByRole("link", { name: "+7 912 345-67-89" })).toHaveAttribute(
      "href",
      "tel:+79123456789",
    );
    expect(within(first).getByRole("link", { name: "c1@example.com" })).toHaveAttribute(
      "href",
      "mailto:c1@example.com",
    );
    // Details: phone, email, city, (position is empty: no label), industry is the fifth column: not shown.
    expect(within(first).getByText("City")).toBeInTheDocument();
    expect(within(first).getByText("Almaty")).toBeInTheDocument();
    expect(within(first).queryByText("Position")).toBeNull();
    expect(within(first).queryByText("Industry")).toBeNull();
    expect(within(first).queryByText("Retail")).toBeNull();

    await userEvent.click(within(first).getByRole("link", { name: "Contact 1" }));
    expect(await screen.findByRole("heading", { name: "Contact page c-1" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/contacts/c-1");
  });

  it("selects cards with their checkboxes", async () => {
    const onSelected = vi.fn();
    await renderCards(() => <Harness rows={[contact(1), contact(2)]} onSelected={onSelected} />);
    const boxes = await screen.findAllByRole("checkbox", { name: "Select row" });
    await userEvent.click(boxes[1] as HTMLElement);
    expect(onSelected).toHaveBeenLastCalledWith(["c-2"]);
    expect(boxes[1]).toBeChecked();
    await userEvent.click(boxes[0] as HTMLElement);
    expect(onSelected).toHaveBeenLastCalledWith(["c-2", "c-1"]);
    await userEvent.click(boxes[1] as HTMLElement);
    expect(onSelected).toHaveBeenLastCalledWith(["c-1"]);
  });

  it("renders only the cards in view out of thousands and asks for more near the end", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => contact(i));
    const onLoadMore = vi.fn();
    await renderCards(() => <Harness rows={rows} hasMore onLoadMore={onLoadMore} />);
    const cards = await screen.findAllByRole("listitem");
    expect(cards.length).toBeGreaterThan(3);
    expect(cards.length).toBeLessThan(30);
    expect(onLoadMore).not.toHaveBeenCalled();

    const few = vi.fn();
    await renderCards(() => <Harness rows={rows.slice(0, 8)} hasMore onLoadMore={few} />);
    await waitFor(() => expect(few).toHaveBeenCalled());
    const busy = vi.fn();
    await renderCards(() => <Harness rows={rows.slice(0, 8)} hasMore fetchingMore onLoadMore={busy} />);
    expect(busy).not.toHaveBeenCalled();
  });

  it("shows placeholders while loading", async () => {
    await renderCards(() => <Harness rows={[contact(1)]} loading />);
    expect(screen.queryByRole("list")).toBeNull();
    expect(document.querySelectorAll(".mantine-Skeleton-root").length).toBe(4);
  });

  it("renders the leading slot and tones a row", async () => {
    await renderCards(() => (
      <Harness
        rows={[contact(1), contact(2)]}
        leading={(row) => <span data-testid="lead">{row.id}</span>}
        rowTone={(row) => (row.id === "c-2" ? "danger" : undefined)}
      />
    ));
    expect((await screen.findAllByTestId("lead")).map((el) => el.textContent)).toEqual(["c-1", "c-2"]);
    const cards = screen.getAllByRole("listitem");
    expect(cards[1]?.querySelector(".mantine-Paper-root")?.getAttribute("style") ?? "").toMatch(/red/);
    expect(cards[0]?.querySelector(".mantine-Paper-root")?.getAttribute("style") ?? "").not.toMatch(/red/);
  });
});
