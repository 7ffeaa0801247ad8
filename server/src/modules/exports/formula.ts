/**
 * Spreadsheet formula injection (CSV injection): a cell that starts with = + - @ or a tab/CR is evaluated by
 * Excel/LibreOffice. Such cells get a leading apostrophe, which spreadsheets show as plain text.
 */
const DANGEROUS = /^[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return DANGEROUS.test(value) ? `'${value}` : value;
}
