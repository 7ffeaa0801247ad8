import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export interface MentionUser {
  id: string;
  name: string;
  email?: string | null;
}

/** Active users whose name or email contains `search` (the first few), for the `@` picker. */
export const mentionUsersQuery = (search: string) =>
  queryOptions({
    queryKey: ["directory", "users", "mention", search],
    queryFn: async (): Promise<MentionUser[]> =>
      (
        await unwrap(
          api.GET("/api/v1/users", {
            params: { query: { limit: 8, active: "true", ...(search ? { search } : {}) } },
          }),
        )
      ).items.map((u) => ({ id: u.id, name: u.name, email: u.email ?? null })),
    staleTime: 60_000,
  });

/** The `@query` the caret is at the end of, within one text node of `root`; null when not mentioning. */
export interface MentionAnchor {
  node: Text;
  start: number;
  end: number;
  query: string;
}

const TRIGGER = /(?:^|[\s\u00a0(])@([\p{L}\p{N}._-]{0,40})$/u;

export function mentionAnchorAtCaret(root: HTMLElement): MentionAnchor | null {
  const selection = root.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return null;
  const node = selection.anchorNode;
  if (!node || node.nodeType !== Node.TEXT_NODE || !root.contains(node)) return null;
  if (node.parentElement?.closest("[data-mention]")) return null;
  const end = selection.anchorOffset;
  const before = (node.textContent ?? "").slice(0, end);
  const match = TRIGGER.exec(before);
  if (!match) return null;
  const query = match[1] ?? "";
  return { node: node as Text, start: end - query.length - 1, end, query };
}

/** Replaces `@query` with a mention chip and a space, and puts the caret after them. */
export function insertMention(anchor: MentionAnchor, user: MentionUser): void {
  const doc = anchor.node.ownerDocument;
  const range = doc.createRange();
  range.setStart(anchor.node, anchor.start);
  range.setEnd(anchor.node, Math.min(anchor.end, anchor.node.length));
  range.deleteContents();
  const chip = doc.createElement("span");
  chip.dataset.mention = user.id;
  chip.setAttribute("contenteditable", "false");
  chip.textContent = `@${user.name}`;
  const space = doc.createTextNode("\u00a0");
  range.insertNode(space);
  range.insertNode(chip);
  const caret = doc.createRange();
  caret.setStart(space, 1);
  caret.collapse(true);
  const selection = doc.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(caret);
}
