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
  const d = doc as Doc;
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
  return doc;
}
