/** What other features may use from the records feature. */

export { DeniedButton } from "./DeniedButton";
export { may, useEntities, useEntity, useEntityLabel } from "./entities";
export { mayOnRecord, useDeniedReason } from "./recordPermissions";
export type { EntityScreens } from "./screens";
export { useAssignableUsers } from "./useAssignableUsers";
export { useFields } from "./useFields";
