import { isDeepStrictEqual } from "node:util";
import fastJson from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

type Stringify = (data: unknown) => string;

/**
 * Compiles a route's zod response schema into a fast-json-stringify function (from its JSON Schema), built on the
 * route's first answer. Null when the schema has what JSON Schema cannot say the way zod does (transforms, dates,
 * defaults filled in on output, pipes), or fast-json-stringify cannot build it: that route keeps zod.
 */
export function compileFastStringify(schema: unknown): Stringify | null {
  if (!(schema instanceof z.ZodType)) return null;
  try {
    const json = z.toJSONSchema(schema, { io: "output", unrepresentable: "throw", target: "draft-7" });
    if (JSON.stringify(json).includes('"default":')) return null;
    return fastJson(lenientObjects(json) as Parameters<typeof fastJson>[0]) as Stringify;
  } catch {
    return null;
  }
}

/**
 * zod's output schemas say `additionalProperties: false`, but its parse strips undeclared keys rather than refusing
 * them. fast-json-stringify writes declared properties only anyway; it uses the schema to pick a union's branch,
 * where `false` would refuse an object zod accepts.
 */
function lenientObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lenientObjects);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "additionalProperties" && v === false) continue;
    out[k] = lenientObjects(v);
  }
  return out;
}

/**
 * Response serialization (issue 10 item 21). fastify-type-provider-zod parses every answer with zod and then calls
 * `JSON.stringify`; here answers are written by fast-json-stringify from the same schema, which writes only the
 * declared properties (what zod's parse kept) without validating them again. With `verify` (tests) each answer
 * is also serialized the zod way, which still refuses an answer that breaks its schema, and the two must agree.
 */
/** `METHOD url` → whether its answers go through fast-json-stringify (filled on each route's first answer). */
const coverage = new Map<string, boolean>();

export function serializerCoverage(): ReadonlyMap<string, boolean> {
  return coverage;
}

export function createSerializerCompiler(opts: { verify: boolean }): FastifySerializerCompiler<unknown> {
  return (route) => {
    const zodSerialize = zodSerializerCompiler(route as never) as Stringify;
    let fast: Stringify | null | undefined;
    return (data: unknown) => {
      if (fast === undefined) {
        fast = compileFastStringify(route.schema);
        coverage.set(`${route.method} ${route.url}`, fast !== null);
      }
      if (!fast) return zodSerialize(data);
      if (!opts.verify) return fast(data);
      const expected = zodSerialize(data);
      const out = fast(data);
      if (!isDeepStrictEqual(JSON.parse(out), JSON.parse(expected))) {
        throw new Error(
          `fast-json-stringify and zod disagree on the ${route.method} ${route.url} answer:\n${out}\n${expected}`,
        );
      }
      return out;
    };
  };
}
