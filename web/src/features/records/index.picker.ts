/** The record picker (automations, templates, deals). */
export { RecordPicker, type RecordPickerProps } from "./RecordPicker";
