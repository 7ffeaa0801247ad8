import { describe, expect, it } from "vitest";
import { useTestContext } from "../../test/harness.js";
import { apiRoutes } from "./app.js";

interface RouteSchema {
  response?: Record<string, unknown>;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** Every registered `/api/v1` route is documented, and says what a success answers. */
describe("OpenAPI document", () => {
  const t = useTestContext();

  it("documents every /api/v1 route with a success response schema", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, Operation>>;
    const routes = apiRoutes(t.app);
    expect(routes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const r of routes) {
      const path = r.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const op = paths[path]?.[r.method.toLowerCase()];
      if (!op) {
        problems.push(`${r.method} ${r.url}: not in the document`);
        continue;
      }
      const declared = Object.keys((r.schema as RouteSchema | undefined)?.response ?? {});
      const success = declared.filter((code) => /^2\d\d$/.test(code));
      if (success.length === 0) problems.push(`${r.method} ${r.url}: no success response schema`);
      for (const code of success) {
        if (!op.responses?.[code]) problems.push(`${r.method} ${r.url}: ${code} missing in the document`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("documents the problem+json error answers of every operation", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.components.schemas.Problem.properties.code).toBeDefined();
    const paths = doc.paths as Record<string, Record<string, Operation>>;
    const missing: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        const codes = Object.keys(op.responses ?? {});
        const clientError = codes.find((c) => c.startsWith("4"));
        if (!clientError) missing.push(`${method} ${path}: no 4xx`);
        else if (!op.responses?.[clientError]?.content?.["application/problem+json"] && clientError === "4XX")
          missing.push(`${method} ${path}: 4XX is not problem+json`);
        if (!codes.some((c) => c.startsWith("5"))) missing.push(`${method} ${path}: no 5xx`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("publishes the filter vocabulary once as named schemas and uses it in field metadata", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const schemas = doc.components.schemas as Record<string, { enum?: string[]; $id?: string }>;
    expect(schemas.RelativeDate?.enum).toContain("thisQuarter");
    expect(schemas.FilterOperator?.enum).toContain("relative");
    expect(schemas.FieldType?.enum).toContain("multiSelect");
    expect(schemas.FilterOperatorInput).toBeUndefined();
    expect(schemas.FieldType?.$id).toBeUndefined();
    const meta = JSON.stringify(doc.paths["/api/v1/custom-fields/meta/{entity}"].get.responses["200"]);
    expect(meta).toContain("#/components/schemas/FieldType");
    expect(meta).toContain("#/components/schemas/FilterOperator");
    // An input twin survives only where a request may omit what the answer always has (defaults): never a copy.
    for (const [name, schema] of Object.entries(schemas)) {
      if (!name.endsWith("Input")) continue;
      const output = schemas[name.slice(0, -"Input".length)];
      expect(output, name).toBeDefined();
      expect(JSON.stringify(schema), name).not.toBe(JSON.stringify(output));
    }
  });
});
