import type { FieldRuleMap, PermissionMap, Scope } from "../../platform/db/tables.js";

/** Administrative permissions a role can hold (`*` = all of them, the Administrator role). */
export const ADMIN_PERMISSIONS = [
  "settings.manage",
  "users.manage",
  "teams.manage",
  "roles.manage",
  "audit.read",
  "customFields.manage",
  "pipelines.manage",
  "templates.manage",
  "webhooks.manage",
  "automations.manage",
] as const;

type Grants = Partial<
  Record<"read" | "create" | "update" | "delete" | "export" | "import" | "assign", Scope>
>;

function grant(entities: readonly string[], g: Grants): PermissionMap {
  return Object.fromEntries(entities.map((e) => [e, { ...g }]));
}

export interface DefaultRole {
  key: string;
  name: string;
  description: string;
  permissions: PermissionMap;
  fieldRules: FieldRuleMap;
  adminPermissions: string[];
}

const people = ["companies", "contacts"] as const;
const work = ["tasks", "activities"] as const;

export const DEFAULT_ROLES: DefaultRole[] = [
  {
    key: "admin",
    name: "Administrator",
    description: "Everything, including settings, users, roles and the audit log.",
    permissions: { "*": { "*": "all" } },
    fieldRules: {},
    adminPermissions: ["*"],
  },
  {
    key: "head_of_sales",
    name: "Head of sales",
    description: "Sees and manages the whole team's customers, deals and tasks.",
    permissions: {
      ...grant([...people, "deals", ...work], {
        read: "team",
        create: "team",
        update: "team",
        delete: "team",
        export: "team",
        import: "team",
        assign: "team",
      }),
      pipelines: { read: "all" },
    },
    fieldRules: {},
    adminPermissions: ["automations.manage"],
  },
  {
    key: "sales_manager",
    name: "Sales manager",
    description: "Works their own customers, deals and tasks; sees the team's companies and contacts.",
    permissions: {
      ...grant(people, {
        read: "team",
        create: "own",
        update: "own",
        delete: "none",
        export: "none",
        assign: "own",
      }),
      deals: { read: "own", create: "own", update: "own", delete: "none", export: "none", assign: "own" },
      ...grant(work, { read: "own", create: "own", update: "own", delete: "own", assign: "own" }),
      pipelines: { read: "all" },
    },
    fieldRules: {},
    adminPermissions: [],
  },
  {
    key: "support_agent",
    name: "Support agent",
    description: "Reads all customers to help them; deal amounts are hidden.",
    permissions: {
      ...grant(people, { read: "all", create: "own", update: "own" }),
      deals: { read: "all" },
      ...grant(work, { read: "all", create: "own", update: "own", delete: "own" }),
      pipelines: { read: "all" },
    },
    fieldRules: { deals: { amount: "hidden" } },
    adminPermissions: [],
  },
  {
    key: "marketer",
    name: "Marketer",
    description: "Reads, imports and exports customers for campaigns.",
    permissions: {
      ...grant(people, { read: "all", create: "own", update: "all", export: "all", import: "all" }),
      deals: { read: "all", export: "all" },
      ...grant(work, { read: "own", create: "own", update: "own", delete: "own" }),
      pipelines: { read: "all" },
    },
    fieldRules: {},
    adminPermissions: [],
  },
  {
    key: "accountant",
    name: "Accountant",
    description: "Reads customers and deals, maintains company requisites.",
    permissions: {
      companies: { read: "all", update: "all", export: "all" },
      contacts: { read: "all", export: "all" },
      deals: { read: "all", export: "all" },
      ...grant(work, { read: "own", create: "own", update: "own", delete: "own" }),
      pipelines: { read: "all" },
    },
    fieldRules: {},
    adminPermissions: [],
  },
  {
    key: "read_only",
    name: "Read-only",
    description: "Sees everything, changes nothing.",
    permissions: { "*": { read: "all" } },
    fieldRules: {},
    adminPermissions: [],
  },
];
