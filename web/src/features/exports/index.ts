/** What other features use of exports: the list's export button and dialog, and the filter of selected ids. */
export { ExportButton, type ExportButtonProps, LazyExportDialog } from "./ExportButton";
export { idsFilter } from "./idsFilter";
