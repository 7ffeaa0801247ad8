/** The record picker, and the table environment of inline editors that uses it (merge, automations, templates). */
export { RecordPicker, type RecordPickerProps } from "./RecordPicker";
export { useTableEnvValue } from "./useTableEnvValue";
