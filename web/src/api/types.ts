import type { paths } from "./schema";

/** The JSON body of an OpenAPI response object. */
export type JsonBody<R> = R extends { content: { "application/json": infer B } } ? B : never;

export type Me = JsonBody<paths["/api/v1/me"]["get"]["responses"][200]>;
export type UpdateMeBody = NonNullable<
  paths["/api/v1/me"]["patch"]["requestBody"]
>["content"]["application/json"];
export type LoginResult = JsonBody<paths["/api/v1/auth/login"]["post"]["responses"][200]>;
export type PermissionLevel = "none" | "own" | "team" | "all";
