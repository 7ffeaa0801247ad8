import { i18n } from "../i18n";

/** RFC 9457 problem details as produced by the Tandem server. */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  /** `too_big` on a text: its maximum length in characters. */
  limit?: number;
  /** Where in the field's text (a template's syntax error or unknown variable). */
  line?: number;
  column?: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldProblem[];
}

/** Thrown for every failed API call: HTTP errors, unreadable bodies and network failures alike. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** Seconds to wait before retrying, from `Retry-After` (429/503). */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseFieldProblems(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const result: FieldProblem[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.field !== "string" || typeof item.message !== "string") continue;
    const entry: FieldProblem = { field: item.field, message: item.message };
    if (typeof item.code === "string") entry.code = item.code;
    if (typeof item.limit === "number") entry.limit = item.limit;
    if (typeof item.line === "number") entry.line = item.line;
    if (typeof item.column === "number") entry.column = item.column;
    result.push(entry);
  }
  return result;
}

/** Reads a problem+json body defensively; anything unexpected becomes a generic problem for `status`. */
export function toProblem(body: unknown, status: number): Problem {
  const source = isRecord(body) ? body : {};
  const problem: Problem = {
    type: typeof source.type === "string" ? source.type : "about:blank",
    title: typeof source.title === "string" ? source.title : `HTTP ${status}`,
    status: typeof source.status === "number" ? source.status : status,
    code: typeof source.code === "string" ? source.code : defaultCode(status),
  };
  if (typeof source.detail === "string") problem.detail = source.detail;
  const errors = parseFieldProblems(source.errors);
  if (errors) problem.errors = errors;
  return problem;
}

function defaultCode(status: number): string {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "too_many_attempts";
  return status >= 500 ? "server_error" : "generic";
}

/** Parses `Retry-After` given either as delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds an ApiError from a failed response whose body has already been read (or not). */
export function apiErrorFromResponse(response: Response, body: unknown): ApiError {
  return new ApiError(toProblem(body, response.status), parseRetryAfter(response.headers.get("Retry-After")));
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    type: "about:blank",
    // Its message can reach users (error screens, notifications): translate it like every other text.
    title: i18n.t("errors.network_error"),
    status: 0,
    code: "network_error",
  });
  error.cause = cause;
  return error;
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;
