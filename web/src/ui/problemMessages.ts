import type { TFunction } from "i18next";
import { type ApiError, type FieldProblem, isApiError } from "../api/problem";

/** Translates an error code via `errors.<code>`, falling back to the server's own message. */
export function translateCode(t: TFunction, code: string | undefined, fallback: string): string {
  if (!code) return fallback;
  return t(`errors.${code}`, { defaultValue: fallback });
}

export function fieldProblemMessage(t: TFunction, problem: FieldProblem): string {
  if (problem.code === "too_big" && problem.limit !== undefined)
    return t("errors.too_long_limit", { count: problem.limit });
  return translateCode(t, problem.code, problem.message);
}

function rateLimitMessage(t: TFunction, error: ApiError): string {
  if (error.retryAfter !== undefined && error.retryAfter >= 120) {
    return t("errors.too_many_attempts_wait_minutes", { minutes: Math.ceil(error.retryAfter / 60) });
  }
  if (error.retryAfter !== undefined && error.retryAfter > 0) {
    return t("errors.too_many_attempts_wait", { seconds: error.retryAfter });
  }
  return t("errors.too_many_attempts");
}

/** A human, translated sentence for any error thrown by the API layer (or anything else). */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t("errors.generic");
  if (error.code === "too_many_attempts" || error.status === 429) return rateLimitMessage(t, error);
  // Shown away from any form (a notification, a banner): say what is wrong with each field, not "see above".
  if (error.fieldErrors.length > 0) {
    return [...new Set(error.fieldErrors.map((problem) => fieldProblemMessage(t, problem)))].join(" ");
  }
  const fallback = error.problem.detail ?? error.problem.title;
  return translateCode(t, error.code, fallback || t("errors.generic"));
}
