import { z } from "zod";
import { scopeFor } from "../../platform/access/actor.js";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { searchPending } from "../../platform/records/search-backlog.js";

/** `GET /api/v1/search/status`: whether search is still catching up after a bulk write, per readable type. */
export function searchStatusRoutes(app: App, { db, entities }: AppDeps): void {
  app.get(
    "/api/v1/search/status",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["search"],
        summary: "Whether global search is catching up after a bulk write",
        description:
          "A large import (or another bulk writer) writes its records first and enters them into the fuzzy-search indexes right after, in the background. Until then global search does not find them (filters and exact duplicate checks do). `entities`: the types the caller may read that still wait.",
        response: {
          200: z.object({ catchingUp: z.boolean(), entities: z.array(z.string()) }),
        },
      },
    },
    async (request) => {
      const { actor } = requestContext(request);
      const readable = entities.with("search").filter((e) => scopeFor(actor, e.name, "read") !== "none");
      // One index probe per type (`exists` on the pending rows' partial index), cheap enough to poll.
      const pending = await Promise.all(readable.map((e) => searchPending(db, e.table)));
      const waiting = readable.filter((_, i) => pending[i]).map((e) => e.name);
      return { catchingUp: waiting.length > 0, entities: waiting };
    },
  );
}
