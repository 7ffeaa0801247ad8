import { describe, expect, it } from "vitest";
import {
  compactAdminPermissions,
  expandAdminPermissions,
  expandPermissions,
  gridToPermissions,
  scopeOf,
  setCell,
  setFieldRule,
} from "./permissionModel";

const entities = ["companies", "contacts", "deals"];
const actions = ["read", "create", "update", "delete"];

describe("permission grid model", () => {
  it("resolves wildcards like the server: entity.action, entity.*, *.action, *.*", () => {
    const map = { "*": { "*": "own", read: "team" }, deals: { "*": "all", delete: "none" } };
    expect(scopeOf(map, "companies", "read")).toBe("team");
    expect(scopeOf(map, "companies", "update")).toBe("own");
    expect(scopeOf(map, "deals", "read")).toBe("all");
    expect(scopeOf(map, "deals", "delete")).toBe("none");
    expect(scopeOf({}, "deals", "read")).toBe("none");
  });

  it("keeps the Administrator role as {*: {*: all}} when nothing changed", () => {
    const grid = expandPermissions({ "*": { "*": "all" } }, entities, actions);
    expect(grid.deals?.delete).toBe("all");
    expect(gridToPermissions(grid, entities, actions)).toEqual({ "*": { "*": "all" } });
  });

  it("spells out the wildcard once a single cell of the Administrator changes", () => {
    const grid = setCell(
      expandPermissions({ "*": { "*": "all" } }, entities, actions),
      "deals",
      "delete",
      "own",
    );
    expect(gridToPermissions(grid, entities, actions)).toEqual({
      companies: { "*": "all" },
      contacts: { "*": "all" },
      deals: { read: "all", create: "all", update: "all", delete: "own" },
    });
  });

  it("leaves out none cells and all-none entities", () => {
    let grid = expandPermissions({}, entities, actions);
    grid = setCell(grid, "contacts", "read", "team");
    expect(gridToPermissions(grid, entities, actions)).toEqual({ contacts: { read: "team" } });
  });

  it("treats admin permission * as every permission and gives it back when all are checked", () => {
    const catalog = ["users.manage", "roles.manage", "audit.read"];
    expect(expandAdminPermissions(["*"], catalog)).toEqual(catalog);
    expect(compactAdminPermissions(catalog, catalog)).toEqual(["*"]);
    expect(compactAdminPermissions(["audit.read", "users.manage"], catalog)).toEqual([
      "users.manage",
      "audit.read",
    ]);
  });

  it("sets and clears field rules without leaving empty entities", () => {
    const hidden = setFieldRule({}, "deals", "amount", "hidden");
    expect(hidden).toEqual({ deals: { amount: "hidden" } });
    expect(setFieldRule(hidden, "deals", "amount", "write")).toEqual({});
  });
});
