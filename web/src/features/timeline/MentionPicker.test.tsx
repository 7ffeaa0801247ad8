import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { uuid } from "../../test/listFixtures";
import { renderWithProviders } from "../../test/render";
import { RichTextEditor } from "./RichTextEditor";

const people = [
  { id: uuid(21), name: "Marat Ivanov", email: "marat@example.com" },
  { id: uuid(22), name: "Maria Petrova", email: "maria@example.com" },
].map((u) => ({ ...u, avatarUrl: null, position: null, teamId: null, isActive: true }));

function setup() {
  const fake = installFakeFetch({
    "GET /api/v1/users": (request) => {
      const search = new URL(request.url).searchParams.get("search")?.toLowerCase() ?? "";
      return json({ items: people.filter((u) => u.name.toLowerCase().includes(search)), nextCursor: null });
    },
  });
  const onChange = vi.fn();
  renderWithProviders(<RichTextEditor label="Note" onChange={onChange} />);
  const editor = screen.getByRole("textbox", { name: "Note" });
  return { fake, onChange, editor };
}

const lastHtml = (onChange: ReturnType<typeof vi.fn>) => String(onChange.mock.calls.at(-1)?.[0] ?? "");

describe("@ mentions in the note editor", { timeout: 30_000 }, () => {
  it("offers active users by name after @ and inserts the mention with a click", async () => {
    const { fake, onChange, editor } = setup();
    await userEvent.click(editor);
    await userEvent.type(editor, "Call @mari");
    const list = await screen.findByRole("listbox", { name: "Mention a colleague" });
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(1));
    expect(list).toHaveTextContent("Maria Petrova");
    const search = fake.callsTo("GET /api/v1/users").at(-1)?.query ?? "";
    expect(new URLSearchParams(search).get("search")).toBe("mari");
    expect(new URLSearchParams(search).get("active")).toBe("true");
    await userEvent.click(screen.getByRole("option", { name: /Maria Petrova/ }));
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(lastHtml(onChange)).toContain(
      `<span data-mention="${uuid(22)}" contenteditable="false">@Maria Petrova</span>`,
    );
    expect(lastHtml(onChange)).not.toContain("@mari");
    expect(editor.textContent).toMatch(/^Call @Maria Petrova/);
  });

  it("moves with the arrow keys, inserts with Enter and closes with Escape", async () => {
    const { onChange, editor } = setup();
    await userEvent.click(editor);
    await userEvent.type(editor, "@ma");
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(2));
    expect(screen.getAllByRole("option")[0]).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{ArrowDown}");
    expect(screen.getAllByRole("option")[1]).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{Enter}");
    expect(lastHtml(onChange)).toContain(`data-mention="${uuid(22)}"`);
    expect(screen.queryByRole("listbox")).toBeNull();

    await userEvent.type(editor, " and @ma");
    await screen.findByRole("listbox");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(lastHtml(onChange)).not.toContain(`data-mention="${uuid(21)}"`);
  });

  it("says when nobody matches and offers nothing for an e-mail-like word", async () => {
    const { fake, editor } = setup();
    await userEvent.click(editor);
    await userEvent.type(editor, "@zzz");
    expect(await screen.findByText("No matching people")).toBeInTheDocument();
    await userEvent.type(editor, " write to ivan@example");
    await waitFor(() => expect(screen.queryByText("No matching people")).toBeNull());
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(fake.callsTo("GET /api/v1/users").every((c) => !c.query.includes("example"))).toBe(true);
  });
});
