import { z } from "zod";
import { problemSchema } from "./schemas.js";

type Operation = { responses?: Record<string, unknown> };
type Doc = {
  paths?: Record<string, Record<string, Operation | unknown>>;
  components?: { schemas?: Record<string, unknown> };
};

const METHODS = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);
const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/**
 * Routes declare their success shapes (and a few specific errors); every other answer comes from the one error
 * handler (`problem.ts`) as RFC 9457 problem+json. This documents that for each operation that does not say
 * more itself, so clients see the error shape in the OpenAPI document.
 */
export function withProblemResponses<T>(doc: T): T {
  const d = tidyNamedSchemas(doc as Doc);
  const { $schema: _, ...problem } = z.toJSONSchema(problemSchema) as Record<string, unknown>;
  d.components = { ...d.components, schemas: { ...d.components?.schemas, Problem: problem } };
  for (const item of Object.values(d.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || typeof op !== "object" || op === null) continue;
      const operation = op as Operation;
      operation.responses ??= {};
      const responses = operation.responses;
      const codes = Object.keys(responses);
      if (!codes.some((c) => c.startsWith("4"))) {
        responses["4XX"] = problemResponse("The request was refused (validation, access, conflict, limits).");
      }
      if (!codes.some((c) => c.startsWith("5"))) responses["5XX"] = problemResponse("Server error.");
    }
  }
  return d as T;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Schemas named with `.meta({ id })` (e.g. `FilterOperator`) come out of the zod provider once per direction
 * (`X` and `XInput`) and with JSON-Schema-only keys; an input twin equal to its output is folded into it,
 * so clients get one `components.schemas.X`.
 */
function tidyNamedSchemas(doc: Doc): Doc {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema && typeof schema === "object") {
      const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
      schemas[name] = rest;
    }
  }
  const folded = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const output = name.endsWith("Input") ? name.slice(0, -"Input".length) : null;
    if (output && output in schemas && sameJson(schemas[name], schemas[output])) {
      folded.set(`#/components/schemas/${name}`, `#/components/schemas/${output}`);
      delete schemas[name];
    }
  }
  if (folded.size === 0) return doc;
  const relink = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(relink);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === "$ref" && typeof value === "string" ? (folded.get(value) ?? value) : relink(value),
      ]),
    );
  };
  return relink(doc) as Doc;
}
