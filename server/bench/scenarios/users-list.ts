import { floorOf } from "../measure.js";
import type { Scenario } from "./types.js";

/** The users list, first page. */
export const usersList: Scenario = {
  name: "users-list",
  unavailable: (ctx) => (ctx.routes.has("GET /api/v1/users") ? null : "GET /api/v1/users does not exist"),
  prepare: async (ctx) => [
    {
      name: "GET /api/v1/users (first page)",
      request: { path: "/api/v1/users?limit=50", headers: ctx.auth },
      sql: floorOf({
        text: `select u.*, r.name as role_name, t.name as team_name from users u
               join roles r on r.id = u.role_id left join teams t on t.id = u.team_id
               order by u.name, u.id limit 51`,
      }),
    },
  ],
};
