/** What other features may use from the records feature. */
export { may, useEntities, useEntity, useEntityLabel } from "./entities";
export { useFields } from "./useFields";
