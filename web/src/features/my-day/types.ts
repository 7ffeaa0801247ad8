import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type TaskPage = JsonBody<paths["/api/v1/tasks"]["get"]["responses"][200]>;
export type Task = TaskPage["items"][number];
export type TaskCreateBody = NonNullable<
  paths["/api/v1/tasks"]["post"]["requestBody"]
>["content"]["application/json"];
export type ActivityCreateBody = NonNullable<
  paths["/api/v1/activities"]["post"]["requestBody"]
>["content"]["application/json"];
