import type { Kysely, Transaction } from "kysely";
import { ACTIONS } from "../../platform/access/actor.js";
import { fieldsFor } from "../../platform/access/fields.js";
import type { DB } from "../../platform/db/schema.js";
import type { FieldRuleMap, PermissionMap, Scope } from "../../platform/db/tables.js";
import type { FieldError } from "../../platform/errors.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { ADMIN_PERMISSIONS } from "./default-roles.js";
import type { RoleInput } from "./role-schemas.js";

const SCOPES: readonly string[] = ["none", "own", "team", "all"];
const FIELD_RULES: readonly string[] = ["hidden", "readonly"];
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** Roles grant on the entities the modules declare (`AppModule.entities`). */
const knownEntity = (e: string) => e === "*" || entityCatalog().get(e) !== undefined;
const knownAction = (a: string) => a === "*" || (ACTIONS as readonly string[]).includes(a);
const knownAdminPermission = (p: string) => p === "*" || (ADMIN_PERMISSIONS as readonly string[]).includes(p);

/** Every unknown entity, action, scope, field rule or admin permission, each as its own field error. */
export function validateRoleGrid(input: RoleInput): FieldError[] {
  const errors: FieldError[] = [];
  for (const [entity, grants] of Object.entries(input.permissions ?? {})) {
    const at = `body.permissions.${entity}`;
    if (!knownEntity(entity)) {
      errors.push({ field: at, message: `Unknown entity "${entity}".`, code: "unknown_entity" });
      continue;
    }
    for (const [action, scope] of Object.entries(grants)) {
      if (!knownAction(action)) {
        errors.push({
          field: `${at}.${action}`,
          message: `Unknown action "${action}".`,
          code: "unknown_action",
        });
      } else if (!SCOPES.includes(scope)) {
        errors.push({
          field: `${at}.${action}`,
          message: `Unknown scope "${scope}"; use none, own, team or all.`,
          code: "unknown_scope",
        });
      }
    }
  }
  for (const [entity, rules] of Object.entries(input.fieldRules ?? {})) {
    const at = `body.fieldRules.${entity}`;
    if (!knownEntity(entity)) {
      errors.push({ field: at, message: `Unknown entity "${entity}".`, code: "unknown_entity" });
      continue;
    }
    for (const [field, rule] of Object.entries(rules)) {
      if (!FIELD_NAME.test(field)) {
        errors.push({ field: `${at}.${field}`, message: "Invalid field name.", code: "invalid_field" });
      } else if (!FIELD_RULES.includes(rule)) {
        errors.push({
          field: `${at}.${field}`,
          message: `Unknown field rule "${rule}"; use hidden or readonly.`,
          code: "unknown_field_rule",
        });
      }
    }
  }
  (input.adminPermissions ?? []).forEach((p, i) => {
    if (!knownAdminPermission(p)) {
      errors.push({
        field: `body.adminPermissions.${i}`,
        message: `Unknown admin permission "${p}".`,
        code: "unknown_admin_permission",
      });
    }
  });
  return errors;
}

/** The grid as stored once validated (the checks above guarantee the narrower types). */
export function asPermissionMap(p: Record<string, Record<string, string>>): PermissionMap {
  return Object.fromEntries(
    Object.entries(p).map(([e, g]) => [e, Object.fromEntries(Object.entries(g)) as Record<string, Scope>]),
  );
}

export function asFieldRuleMap(r: Record<string, Record<string, string>>): FieldRuleMap {
  return r as FieldRuleMap;
}

/** Structured values a record's API shape carries besides its list-engine fields (`stripHidden`, exports). */
function presentedKeys(entity: string): readonly string[] {
  const def = entityCatalog().get(entity);
  return [...(def?.presentedKeys ?? []), ...(def?.capabilities.customFields ? ["custom"] : [])];
}

/**
 * Field-rule keys that name no field of the entity: its registered fields, the `custom.<key>` of its existing
 * custom fields and the structured values above (`*` rules: a field of any CRM entity). A typo would otherwise
 * be stored and silently protect nothing.
 */
export async function unknownFieldRuleKeys(
  db: Kysely<DB> | Transaction<DB>,
  fieldRules: Record<string, Record<string, string>>,
): Promise<FieldError[]> {
  const known = new Map<string, Set<string>>();
  const keysOf = async (entity: string) => {
    let keys = known.get(entity);
    if (!keys) {
      keys = new Set([...(await fieldsFor(db, entity)).map((f) => f.key), ...presentedKeys(entity)]);
      known.set(entity, keys);
    }
    return keys;
  };
  const errors: FieldError[] = [];
  for (const [entity, rules] of Object.entries(fieldRules)) {
    if (!knownEntity(entity)) continue;
    const entities = entity === "*" ? entityCatalog().names() : [entity];
    const sets = await Promise.all(entities.map(keysOf));
    for (const field of Object.keys(rules)) {
      if (!FIELD_NAME.test(field) || sets.some((s) => s.has(field))) continue;
      errors.push({
        field: `body.fieldRules.${entity}.${field}`,
        message: `${entity === "*" ? "No entity" : `"${entity}"`} has a field "${field}".`,
        code: "unknown_field",
      });
    }
  }
  return errors;
}
