import { requestJson } from "../../api/client";

export interface SearchItem {
  id: string;
  type: string;
  title: string;
  subtitle?: string;
  url?: string;
}

export interface SearchGroup {
  type: string;
  items: SearchItem[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;
const firstString = (record: Json, keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && value) return value;
  }
  return undefined;
};

function toItem(value: unknown, fallbackType: string): SearchItem | null {
  if (!isObject(value)) return null;
  const title = firstString(value, ["title", "name", "label", "displayName"]);
  const id = value.id;
  if (!title || (typeof id !== "string" && typeof id !== "number")) return null;
  const item: SearchItem = {
    id: String(id),
    type: firstString(value, ["type", "kind"]) ?? fallbackType,
    title,
  };
  const subtitle = firstString(value, ["subtitle", "description", "email", "companyName"]);
  if (subtitle) item.subtitle = subtitle;
  const url = firstString(value, ["url", "href"]);
  if (url?.startsWith("/") && !url.startsWith("//")) item.url = url;
  return item;
}

function groupItems(items: SearchItem[]): SearchGroup[] {
  const groups = new Map<string, SearchItem[]>();
  for (const item of items) groups.set(item.type, [...(groups.get(item.type) ?? []), item]);
  return [...groups].map(([type, groupItemsList]) => ({ type, items: groupItemsList }));
}

const itemsOf = (values: unknown, type: string): SearchItem[] =>
  Array.isArray(values) ? values.map((value) => toItem(value, type)).filter((item) => item !== null) : [];

/**
 * Normalises the search response. Accepted shapes (the endpoint is not final yet):
 * `{groups: [{type, items}]}`, `{results|items: [{type, id, title}]}`, `{companies: [...], ...}` or a bare array.
 */
export function parseSearchResults(body: unknown): SearchGroup[] {
  if (Array.isArray(body)) return groupItems(itemsOf(body, "other"));
  if (!isObject(body)) return [];
  if (Array.isArray(body.groups)) {
    return body.groups
      .filter(isObject)
      .map((group) => {
        const type = firstString(group, ["type", "kind", "name"]) ?? "other";
        return { type, items: itemsOf(group.items ?? group.results, type) };
      })
      .filter((group) => group.items.length > 0);
  }
  const flat = body.results ?? body.items ?? body.data;
  if (Array.isArray(flat)) return groupItems(itemsOf(flat, "other"));
  return Object.entries(body)
    .filter(([, values]) => Array.isArray(values))
    .map(([type, values]) => ({ type, items: itemsOf(values, type) }))
    .filter((group) => group.items.length > 0);
}

export async function search(query: string, signal?: AbortSignal): Promise<SearchGroup[]> {
  const body = await requestJson(`/api/v1/search?q=${encodeURIComponent(query)}`, signal ? { signal } : {});
  return parseSearchResults(body);
}

const ROUTE_BY_TYPE: Record<string, "/companies" | "/contacts" | "/deals" | "/tasks"> = {
  company: "/companies",
  companies: "/companies",
  contact: "/contacts",
  contacts: "/contacts",
  deal: "/deals",
  deals: "/deals",
  task: "/tasks",
  tasks: "/tasks",
};

export const GROUP_LABEL_KEYS: Record<string, string> = {
  "/companies": "search.groups.companies",
  "/contacts": "search.groups.contacts",
  "/deals": "search.groups.deals",
  "/tasks": "search.groups.tasks",
};

/** Where a result leads: its own URL if the server gave one, else the section of its type. */
export function hrefFor(item: SearchItem): string {
  return item.url ?? ROUTE_BY_TYPE[item.type.toLowerCase()] ?? "/my-day";
}

export function groupLabelKey(type: string): string {
  const route = ROUTE_BY_TYPE[type.toLowerCase()];
  return (route && GROUP_LABEL_KEYS[route]) ?? "search.groups.other";
}
