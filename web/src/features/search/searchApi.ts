import { api, unwrap } from "../../api/client";

/** `GET /api/v1/search` as the generated client types it. */
const fetchSearch = (query: string, signal?: AbortSignal) =>
  unwrap(api.GET("/api/v1/search", { params: { query: { q: query } }, signal }));

export type SearchResponse = Awaited<ReturnType<typeof fetchSearch>>;
export type SearchGroup = SearchResponse["groups"][number];
export type SearchHit = SearchGroup["items"][number];
export type SearchHighlight = SearchHit["highlight"];

/** A hit together with the type of its group (what it is and where it leads). */
export interface SearchItem extends SearchHit {
  type: string;
}

/** `GET /api/v1/search`; groups without hits are dropped, the server's order (by rank) is kept. */
export async function search(query: string, signal?: AbortSignal): Promise<SearchGroup[]> {
  const body = await fetchSearch(query, signal);
  return body.groups.filter((group) => group.items.length > 0);
}

/** The page of one record (company, contact, deal, task). */
export function recordHref(type: string, id: string): string {
  const encoded = encodeURIComponent(id);
  switch (type) {
    case "companies":
      return `/companies/${encoded}`;
    case "contacts":
      return `/contacts/${encoded}`;
    case "deals":
      return `/deals/${encoded}`;
    case "tasks":
      return `/tasks/${encoded}`;
    default:
      return "/my-day";
  }
}

export const hrefFor = (item: SearchItem): string => recordHref(item.type, item.id);

const GROUP_LABEL_KEYS: Record<string, string> = {
  companies: "search.groups.companies",
  contacts: "search.groups.contacts",
  deals: "search.groups.deals",
  tasks: "search.groups.tasks",
};

export const groupLabelKey = (type: string): string => GROUP_LABEL_KEYS[type] ?? "search.groups.other";

/** Matched fields that get a label on the secondary line ("Phone: …"). */
const LABELLED_FIELDS = new Set(["phone", "email", "taxId", "legalName"]);
export const labelled = (field: string): boolean => LABELLED_FIELDS.has(field);

/** The label key of the field a hit matched on. */
export const highlightFieldKey = (field: string): string => `search.fields.${field}`;

/** Splits `value` into text before, inside and after the match range (clamped; no range → all "before"). */
export function splitHighlight(highlight: SearchHighlight): [string, string, string] {
  const { value, range } = highlight;
  if (!range) return [value, "", ""];
  const start = Math.max(0, Math.min(range[0] ?? 0, value.length));
  const end = Math.max(start, Math.min(range[1] ?? value.length, value.length));
  return [value.slice(0, start), value.slice(start, end), value.slice(end)];
}

/**
 * What the result row shows under its title: the matched value when the match was not on the title itself
 * (a phone, an email, a tax id, a position…), else the record's own secondary text.
 */
export function secondaryLine(item: SearchHit): {
  highlight: SearchHighlight | null;
  subtitle: string | null;
} {
  const onTitle = item.highlight.value === item.title;
  if (!onTitle && item.highlight.value) return { highlight: item.highlight, subtitle: item.subtitle };
  return { highlight: null, subtitle: item.subtitle };
}
