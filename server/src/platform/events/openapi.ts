import { z } from "zod";
import { ANY_ENTITY, type ChangeEventCatalogue, type ChangeEventDefinition } from "./catalogue.js";

type Doc = {
  components?: { schemas?: Record<string, unknown> };
  webhooks?: Record<string, unknown>;
};

const schemaName = (d: ChangeEventDefinition) =>
  `ChangeEvent.${d.entity === ANY_ENTITY ? "any" : d.entity}.${d.action}`;

/** The delivered event for one definition: the envelope every consumer gets, with this event's changes. */
export function changeEventSchema(d: ChangeEventDefinition) {
  return z
    .object({
      id: z.string().describe("The event's id in the outbox (decimal)."),
      position: z.string().describe("Its place in the feed (decimal); events arrive in this order."),
      entity:
        d.entity === ANY_ENTITY ? z.string().describe("Any entity with this action.") : z.literal(d.entity),
      entityId: z.uuid(),
      action: z.literal(d.action),
      changes: d.changes,
      actorId: z.uuid().nullable(),
      requestId: z.string().nullable(),
      ip: z.string().nullable().optional(),
      userAgent: z.string().nullable().optional(),
      occurredAt: z.iso.datetime(),
    })
    .describe(d.description);
}

/**
 * Documents the change-event catalogue in the OpenAPI document: one `components.schemas` entry per event
 * (`ChangeEvent.<entity>.<action>`, from the same zod that validates writes) and the `changeEvent` webhook whose
 * payload is any of them — what webhooks and other consumers outside the server will receive.
 */
export function withChangeEventSchemas<T>(doc: T, catalogue: ChangeEventCatalogue): T {
  const d = doc as Doc;
  const defs = catalogue.all();
  if (defs.length === 0) return doc;
  const schemas: Record<string, unknown> = {};
  for (const def of defs) {
    const { $schema: _, ...json } = z.toJSONSchema(changeEventSchema(def), {
      unrepresentable: "any",
    }) as Record<string, unknown>;
    schemas[schemaName(def)] = json;
  }
  d.components = { ...d.components, schemas: { ...d.components?.schemas, ...schemas } };
  d.webhooks = {
    ...d.webhooks,
    changeEvent: {
      post: {
        summary: "A committed change to a record",
        description:
          "Every business write appends change events in its transaction; consumers receive them in order, each once. The payload is one of the `ChangeEvent.*` schemas (`entity` + `action` select which).",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { oneOf: defs.map((def) => ({ $ref: `#/components/schemas/${schemaName(def)}` })) },
            },
          },
        },
        responses: { "200": { description: "Received." } },
      },
    },
  };
  return doc;
}
