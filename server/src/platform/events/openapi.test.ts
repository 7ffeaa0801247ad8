import { expect, it } from "vitest";
import { z } from "zod";
import { ANY_ENTITY, ChangeEventCatalogue, defineChangeEvents, fieldChanges } from "./catalogue.js";
import { withChangeEventSchemas } from "./openapi.js";

it("documents every event as a component schema and the changeEvent webhook, from the zod that validates writes", () => {
  const catalogue = new ChangeEventCatalogue();
  catalogue.add([
    ...defineChangeEvents("probes", {
      update: [fieldChanges({ stageId: z.uuid() }), "A probe changed."],
    }),
    ...defineChangeEvents(ANY_ENTITY, {
      reassign: [
        z.strictObject({ ownerId: fieldChanges({ ownerId: z.uuid() }).shape.ownerId }),
        "Owner changed.",
      ],
    }),
  ]);
  const doc = withChangeEventSchemas({ components: { schemas: { Problem: {} } } }, catalogue) as unknown as {
    components: { schemas: Record<string, Record<string, unknown>> };
    webhooks: {
      changeEvent: { post: { requestBody: { content: Record<string, { schema: { oneOf: unknown[] } }> } } };
    };
  };
  const update = doc.components.schemas["ChangeEvent.probes.update"] as {
    description: string;
    properties: Record<string, Record<string, unknown>>;
  };
  expect(update.description).toBe("A probe changed.");
  expect(update.properties.entity).toMatchObject({ const: "probes" });
  expect(update.properties.action).toMatchObject({ const: "update" });
  // One casing, no other key: the changes object is closed.
  expect(update.properties.changes).toMatchObject({
    additionalProperties: false,
    properties: { stageId: {} },
  });
  expect(doc.components.schemas["ChangeEvent.any.reassign"]).toBeDefined();
  expect(doc.components.schemas.Problem).toEqual({});
  expect(doc.webhooks.changeEvent.post.requestBody.content["application/json"]?.schema.oneOf).toEqual([
    { $ref: "#/components/schemas/ChangeEvent.any.reassign" },
    { $ref: "#/components/schemas/ChangeEvent.probes.update" },
  ]);
  // The same definitions refuse what the document does not allow.
  expect(() =>
    catalogue.validate({
      entity: "probes",
      action: "update",
      changes: { stage_id: { before: null, after: "x" } },
    }),
  ).toThrow(/stage_id/);
  expect(() =>
    catalogue.validate({
      entity: "deals",
      action: "reassign",
      changes: { ownerId: { before: null, after: "x" } },
    }),
  ).toThrow(/ownerId/);
});
