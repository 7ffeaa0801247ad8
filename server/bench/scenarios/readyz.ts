import { floorOf } from "../measure.js";
import type { Scenario } from "./types.js";

/** The cheapest round trip through Fastify plus one tiny query: the overhead floor of the HTTP stack. */
export const readyz: Scenario = {
  name: "readyz",
  unavailable: () => null,
  prepare: async () => [
    {
      name: "GET /readyz",
      request: { path: "/readyz" },
      sql: floorOf({ text: "select count(*)::text as n from schema_migrations" }),
    },
  ],
};
