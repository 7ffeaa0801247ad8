/** What other features use: the record page's panel, and the picker/hook for "attach from the record's files". */
export { FilesPanel, useFilesEnabled } from "./FilesPanel";
export { downloadUrl, type RecordFile, useRecordFiles } from "./filesApi";
export { RecordFilePicker } from "./RecordFilePicker";
export { useFileSize } from "./useFileSize";
