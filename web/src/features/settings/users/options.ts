import type { AdminUser, Role, Team } from "../api";

export interface SelectOption {
  value: string;
  label: string;
}

export const roleOptions = (roles: readonly Role[] | undefined): SelectOption[] =>
  (roles ?? []).map((role) => ({ value: role.id, label: role.name }));

export const teamOptions = (teams: readonly Team[] | undefined): SelectOption[] =>
  (teams ?? []).map((team) => ({ value: team.id, label: team.name }));

export const userOptions = (users: readonly AdminUser[] | undefined, exceptId?: string): SelectOption[] =>
  (users ?? [])
    .filter((user) => user.isActive && user.id !== exceptId)
    .map((user) => ({ value: user.id, label: user.name }));

/** IANA time zones known to the browser (a short fallback list where Intl cannot enumerate them). */
export function timeZoneOptions(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? ["UTC", "Europe/Belgrade", "Europe/Moscow", "Asia/Almaty"];
  } catch {
    return ["UTC", "Europe/Belgrade", "Europe/Moscow", "Asia/Almaty"];
  }
}
