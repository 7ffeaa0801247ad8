import { createContext, type ReactNode, useContext } from "react";

export interface UserInfo {
  id: string;
  name: string;
  avatarUrl?: string | null;
}

/** Lookups the cell renderers need, supplied by the feature that renders the table. */
export interface TableEnvValue {
  timeZone?: string;
  users: ReadonlyMap<string, UserInfo>;
  /** Display name of a linked record, or undefined while unknown. */
  linkName?: (entity: string, id: string) => string | undefined;
  /** The route of a record page, when the entity has one. */
  recordHref?: (entity: string, id: string) => string | undefined;
  /** The page of a row of this table (its primary column links there). */
  rowHref?: (row: { id: string }) => string | undefined;
  /** Row currency for money fields (deals carry `currency` next to `amount`). */
  currencyOf?: (row: Record<string, unknown>) => string | undefined;
  /** A search-by-name picker of one record of `entity` (filter values of link fields). */
  linkPicker?: (props: LinkPickerProps) => ReactNode;
}

export interface LinkPickerProps {
  entity: string;
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
}

const defaultEnv: TableEnvValue = { users: new Map() };
const TableEnvContext = createContext<TableEnvValue>(defaultEnv);

export function TableEnvProvider({ value, children }: { value: TableEnvValue; children: ReactNode }) {
  return <TableEnvContext.Provider value={value}>{children}</TableEnvContext.Provider>;
}

export const useTableEnv = () => useContext(TableEnvContext);
