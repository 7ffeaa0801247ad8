/** The table environment of inline editors (owners, pipelines, linked records) for tables outside lists (merge). */
export { useTableEnvValue } from "./useTableEnvValue";
