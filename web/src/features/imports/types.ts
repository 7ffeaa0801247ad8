import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type ImportJob = JsonBody<paths["/api/v1/imports/{id}"]["get"]["responses"][200]>;
export type ImportPreview = JsonBody<paths["/api/v1/imports/{id}/preview"]["get"]["responses"][200]>;
export type ImportEntity = ImportJob["entity"];
export type ImportOptions = ImportJob["options"];
export type Delimiter = NonNullable<
  NonNullable<paths["/api/v1/imports/{id}/preview"]["get"]["parameters"]["query"]>["delimiter"]
>;
export type WizardStep = "upload" | "mapping" | "options" | "checking" | "review" | "running" | "result";
export type MappingWarning = JsonBody<
  paths["/api/v1/imports/{id}/mapping/check"]["post"]["responses"][200]
>["warnings"][number];
export type ImportProblem = JsonBody<
  paths["/api/v1/imports/{id}/errors"]["get"]["responses"][200]
>["items"][number];
export type NewFieldType = ImportPreview["newFieldTypes"][string];
