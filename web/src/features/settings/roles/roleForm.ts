import type { PermissionCatalog, Role, RoleBody } from "../api";
import {
  compactAdminPermissions,
  expandAdminPermissions,
  expandPermissions,
  type FieldRuleMap,
  type Grid,
  gridToPermissions,
} from "./permissionModel";

export interface RoleDraft {
  name: string;
  description: string;
  grid: Grid;
  fieldRules: FieldRuleMap;
  adminPermissions: string[];
  requireTwoFactor: boolean;
}

/** Editable state from a role (or a blank one); `copyOf` names the clone. */
export function draftFromRole(role: Role | null, catalog: PermissionCatalog, name?: string): RoleDraft {
  return {
    name: name ?? role?.name ?? "",
    description: role?.description ?? "",
    grid: expandPermissions(role?.permissions ?? {}, catalog.entities, catalog.actions),
    fieldRules: role?.fieldRules ?? {},
    adminPermissions: expandAdminPermissions(role?.adminPermissions ?? [], catalog.adminPermissions),
    requireTwoFactor: role?.requireTwoFactor ?? false,
  };
}

export function rolePayload(draft: RoleDraft, catalog: PermissionCatalog): RoleBody {
  return {
    name: draft.name.trim(),
    description: draft.description.trim(),
    permissions: gridToPermissions(draft.grid, catalog.entities, catalog.actions),
    fieldRules: draft.fieldRules,
    adminPermissions: compactAdminPermissions(draft.adminPermissions, catalog.adminPermissions),
    requireTwoFactor: draft.requireTwoFactor,
  };
}
