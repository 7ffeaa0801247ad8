import type { components } from "../../api/schema";

/** Field types of the server's field metadata (`GET /custom-fields/meta/{entity}`), from the generated API types. */
export type FieldType = components["schemas"]["FieldType"];
type Operator = components["schemas"]["FilterOperator"];

export interface FieldOption {
  value: string;
  label: string;
}

/** One column of the generic table, derived from field metadata (standard or custom). */
export interface ColumnSpec {
  key: string;
  label: string;
  type: FieldType;
  sortable: boolean;
  filterable: boolean;
  /** The filter operators the server accepts for this field (from its metadata; none: not filterable). */
  operators?: readonly Operator[];
  editable: boolean;
  custom: boolean;
  options?: FieldOption[];
  linkEntity?: string;
  group?: string;
  /** A drill-down condition (a deal passed a stage): shown as a filter chip, never offered by the builder. */
  conditionOnly?: boolean;
  /** A condition value of `/`-joined parts (`<stage id>/<from>/<to>`): how to show each part. */
  valueParts?: ReadonlyArray<{ type: FieldType; linkEntity?: string }>;
}

export type RowBase = { id: string } & Record<string, unknown>;

export interface SortSpec {
  id: string;
  desc: boolean;
}

/** `name,-createdAt` ⇄ [{id:"name",desc:false},{id:"createdAt",desc:true}] */
export function parseSort(sort: string | undefined | null): SortSpec[] {
  if (!sort) return [];
  return sort
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part.startsWith("-") ? { id: part.slice(1), desc: true } : { id: part, desc: false }));
}

export function formatSort(sort: readonly SortSpec[]): string {
  return sort.map((s) => (s.desc ? `-${s.id}` : s.id)).join(",");
}

export interface TotalCount {
  count: number;
  capped: boolean;
}
