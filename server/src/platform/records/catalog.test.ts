import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EntityCatalog, entityCatalog, installEntities } from "./catalog.js";
import type { EntityDefinition } from "./definition.js";
import { baseValues } from "./duplicate-check.js";

const label = { singular: "Thing", plural: "Things" };
const thing = (over: Partial<EntityDefinition> = {}): EntityDefinition => ({
  name: "things",
  labels: { en: label, ru: label, sr: label, kk: label },
  table: "things",
  ownerColumn: "owner_id",
  title: "name",
  softDeleteColumn: "deleted_at",
  fields: [],
  capabilities: {},
  ...over,
});

describe("entity catalogue", () => {
  it("answers by name, by capability and by ownership, in name order", () => {
    const c = new EntityCatalog([
      thing({
        name: "widgets",
        table: "widgets",
        capabilities: { views: true, export: { formats: ["csv"] } },
      }),
      thing({ name: "gadgets", table: "gadgets", ownerColumn: null }),
    ]);
    expect(c.names()).toEqual(["gadgets", "widgets"]);
    expect(c.names("views")).toEqual(["widgets"]);
    expect(c.names("merge")).toEqual([]);
    expect(c.owned().map((d) => d.name)).toEqual(["widgets"]);
    expect(c.getOwned("gadgets")).toBeUndefined();
    expect(c.get("gadgets")?.table).toBe("gadgets");
    expect(() => c.require("nothing")).toThrow(/Unknown entity/);
  });

  it("refuses names and columns that are not plain SQL identifiers, and a field declared twice", () => {
    expect(() => new EntityCatalog([thing({ table: "things; drop table users" })])).toThrow(/identifiers/);
    expect(() => new EntityCatalog([thing({ name: "Things" })])).toThrow(/identifiers/);
    expect(() => new EntityCatalog([thing({ ownerColumn: "owner id" })])).toThrow(/identifiers/);
    // The create-form duplicate check compares the declared duplicate keys: declaring it alone is refused.
    const check = { candidate: z.strictObject({}), values: baseValues };
    expect(() => new EntityCatalog([thing({ capabilities: { duplicateCheck: check } })])).toThrow(
      /duplicateKeys/,
    );
    expect(
      () =>
        new EntityCatalog([
          thing({ capabilities: { duplicateCheck: check }, duplicateKeys: { values: [] } }),
        ]),
    ).not.toThrow();
    const f = { key: "name", column: "name", type: "text" as const, filterable: true, sortable: true };
    expect(() => new EntityCatalog([thing({ fields: [f, f] })])).toThrow(/declared twice/);
  });

  it("refuses one name for two tables, two modules declaring one name, and relations to unknown entities", () => {
    const c = new EntityCatalog([thing()]);
    expect(() => c.add([thing({ table: "other_things" })])).toThrow(/different tables/);
    expect(() =>
      installEntities([{ entities: [thing({ name: "twins" })] }, { entities: [thing({ name: "twins" })] }]),
    ).toThrow(/declared by two modules/);
    expect(() =>
      installEntities([{ entities: [thing({ name: "orphans", relations: [{ entity: "nowhere" }] })] }]),
    ).toThrow(/unknown entity nowhere/);
    expect(entityCatalog().get("twins")).toBeUndefined();
    expect(entityCatalog().get("orphans")).toBeUndefined();
  });
});
