/** What other features may use from the records feature. */

export {
  type AnyRecord,
  apiEntity,
  type Contact,
  type EntityName,
  fetchList,
  fetchRecord,
  patchRecord,
} from "./api";
export { DeniedButton } from "./DeniedButton";
export { type EntityMeta, may, useEntities, useEntity, useEntityLabel } from "./entities";
export { configOf, recordPath } from "./entityConfig";
export { fieldKeys, invalidateFieldQueries } from "./fieldKeys";
export type { FormBlock, FormValues, RecordForm, RecordFormSpec } from "./form/spec";
export { listKey } from "./listQueries";
export { usePipelines, useUsers } from "./lookups";
export { mayOnRecord, useDeniedReason } from "./recordPermissions";
export { type EntityScreens, screensOf } from "./screens";
export { useAssignableUsers } from "./useAssignableUsers";
export { fieldMetaQuery, useFields } from "./useFields";
export type { useListState } from "./useListState";
export { recordKey, useRecord } from "./useRecord";
