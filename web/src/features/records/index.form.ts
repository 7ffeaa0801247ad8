/**
 * The generic record form dialog an entity's create/edit form is built from (its blocks: `index.blocks`). The
 * records feature's entries are split by what their users load together (`index.ts` definitions and hooks;
 * `index.list`, `.page`, `.history`, `.form`, `.blocks`, `.dialog`, `.custom`, `.picker`, `.table`, `.create`):
 * a chunk importing an entry bundles every module it re-exports.
 */
export { RecordFormDialog } from "./form/RecordFormDialog";
