import type { TFunction } from "i18next";
import { isApiError } from "../../api/problem";
import { problemMessage, translateCode } from "../../ui/problemMessages";

export interface TemplateError {
  field: string;
  text: string;
}

/** A 422 from the template checks as lines "variants.ru.body — line 2, column 6: Unknown variable …". */
export function templateErrors(t: TFunction, error: unknown): TemplateError[] {
  if (!isApiError(error) || error.fieldErrors.length === 0)
    return [{ field: "", text: problemMessage(t, error) }];
  return error.fieldErrors.map((f) => {
    const where = f.line ? ` ${t("templates.position", { line: f.line, column: f.column ?? 1 })}` : "";
    return { field: f.field, text: `${translateCode(t, f.code, f.message)}${where}: ${f.message}` };
  });
}
