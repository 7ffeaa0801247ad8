import { z } from "zod";
import { ValidationError } from "../../platform/errors.js";
import { requestContext } from "../../platform/http/authorize.js";
import { problemSchema } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { globalSearch, searchTypes } from "./service.js";

const hit = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  highlight: z.object({
    field: z.string(),
    value: z.string(),
    range: z.tuple([z.number(), z.number()]).nullable().describe("[start, end) of the match in value"),
  }),
  score: z.number(),
});

const searchQuery = (types: string[]) =>
  z.strictObject({
    q: z.string().trim().min(2, "Type at least 2 characters.").max(200),
    types: z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/)
      .optional()
      .describe(`Comma-separated: ${types.join(", ")} (default: all)`),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  });

export function searchRoutes(app: App, { db, entities }: AppDeps): void {
  app.get(
    "/api/v1/search",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["search"],
        summary: "Global search across the searchable entities",
        description:
          "Ranked, typo tolerant (trigram similarity on accent-folded names), phones in any format (+7 (912) 345-67-89, 89123456789, 9123456789, fragments like 345-67), tax ids and emails. Only records and fields the caller may read.",
        querystring: searchQuery(searchTypes(entities)),
        response: {
          200: z.object({
            query: z.string(),
            groups: z.array(z.object({ type: z.string(), items: z.array(hit) })),
          }),
          422: problemSchema,
        },
      },
    },
    async (request) => {
      const known = searchTypes(entities);
      const types = request.query.types ? request.query.types.split(",") : known;
      const unknown = types.filter((t) => !known.includes(t));
      if (unknown.length > 0) {
        throw ValidationError.field(
          "querystring.types",
          `Unknown types: ${unknown.join(", ")}.`,
          "unknown_type",
        );
      }
      return globalSearch(db, entities, requestContext(request).actor, { ...request.query, types });
    },
  );
}
