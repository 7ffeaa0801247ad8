import { FIRST_NAMES, LAST_NAMES, type TableGenerator, word } from "./types.js";

/** 100 users in 10 teams at 1m, fewer for smaller data sets. User 1 is an administrator. */
export const teams: TableGenerator = {
  table: "teams",
  rows: (f) => Math.max(1, Math.ceil(users.rows(f) / 10)),
  columns: (ctx) => ({ id: ctx.id("teams", "g"), name: "'Bench team ' || g" }),
};

export const users: TableGenerator = {
  table: "users",
  rows: (f) => (f >= 1 ? 100 : f >= 0.1 ? 50 : f >= 0.01 ? 20 : 5),
  columns: (ctx) => ({
    id: ctx.id("users", "g"),
    email: "'bench-user-' || g || '@example.com'",
    name: `${word(FIRST_NAMES, 7)} || ' ' || ${word(LAST_NAMES, 13)}`,
    role_id: `CASE WHEN g = 1 THEN '${ctx.refs.roles.admin}'::uuid ELSE '${ctx.refs.roles.sales_manager}'::uuid END`,
    team_id: ctx.pick("teams", 1),
    password_hash: `'${ctx.refs.passwordHash}'`,
    password_changed_at: "now()",
    // Mostly Russian-speaking users (the import's "8 912 …" phones need the RU region); user 1 is one.
    language: "(ARRAY['ru','en','ru','sr','kk'])[1 + (g - 1) % 5]",
  }),
  usable: (ctx) => Boolean(ctx.refs.roles.admin && ctx.refs.roles.sales_manager),
};
