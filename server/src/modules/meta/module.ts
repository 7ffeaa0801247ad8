import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, type AppModule, access } from "../../platform/http/types.js";
import { LANGUAGES, type Language } from "../../platform/records/definition.js";
import { userLanguage } from "../../platform/records/users.js";
import { assigneesRoutes } from "./assignees-routes.js";
import { entitiesFor, entityMetaSchema } from "./entities.js";

const asLanguage = (l: string | null): Language =>
  (LANGUAGES as readonly string[]).includes(l ?? "") ? (l as Language) : "en";

function routes(app: App, deps: AppDeps): void {
  const { db, entities } = deps;
  app.get(
    "/api/v1/meta/entities",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["meta"],
        summary: "The record types the caller may read, with what each offers and what the caller may do",
        description:
          "Declared once per entity by its module. Labels in the caller's language (and every interface language; sr-Latn is sr transliterated), capabilities, the base API path, the navigation place and the caller's scope per action, so clients hide what the user may not do.",
        response: { 200: z.object({ items: z.array(entityMetaSchema) }) },
      },
    },
    async (request) => {
      const { actor } = requestContext(request);
      const language = asLanguage(await userLanguage(db, actor.userId));
      return { items: entitiesFor(entities, actor, language) };
    },
  );
  assigneesRoutes(app, deps);
}

/** What the server knows about its entities, for clients that build screens from it. */
export const metaModule: AppModule = { name: "meta", routes };
