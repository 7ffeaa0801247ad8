import type { UserDto } from "./schemas.js";
import type { UserRow } from "./users-repository.js";

/** Public fields for everyone; the administrative ones only for `users.manage`. */
export function presentUser(u: UserRow, full: boolean): UserDto {
  const pub: UserDto = {
    id: u.id,
    name: u.name,
    email: u.email,
    avatarUrl: u.avatar_url,
    position: u.position,
    teamId: u.team_id,
    isActive: u.is_active,
  };
  if (!full) return pub;
  return {
    ...pub,
    phone: u.phone,
    managerId: u.manager_id,
    roleId: u.role_id,
    language: u.language as NonNullable<UserDto["language"]>,
    timeZone: u.time_zone,
    twoFactorEnabled: u.two_factor_enabled,
    deactivatedAt: u.deactivated_at ? u.deactivated_at.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

/** The fields `user.updated` audits (never secrets). */
export function userSnapshot(u: UserRow) {
  return {
    name: u.name,
    email: u.email,
    phone: u.phone,
    position: u.position,
    managerId: u.manager_id,
    teamId: u.team_id,
    roleId: u.role_id,
    language: u.language,
    timeZone: u.time_zone,
    isActive: u.is_active,
  };
}
