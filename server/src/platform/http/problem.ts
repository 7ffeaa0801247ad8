import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { customUniqueViolation, externalIdViolation } from "../db/unique-violation.js";
import { AppError, type FieldError, TooManyRequestsError } from "../errors.js";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  /** 429: seconds to wait (the same as `Retry-After`). */
  retryAfter?: number;
}

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problem(status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `https://tandem-crm.org/problems/${code.replace(/_/g, "-")}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: Problem): FastifyReply {
  return reply
    .code(p.status)
    .type("application/problem+json")
    .send({ ...p, instance: request.url.split("?")[0], requestId: request.id });
}

interface ZodLikeIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: { keys?: string[]; origin?: string; maximum?: number | bigint };
}

/** A text over its maximum length: the limit in characters, so the client can say "at most 100 characters". */
function textLimit(v: ZodLikeIssue): { limit: number } | undefined {
  const max = v.params?.maximum;
  if (v.keyword !== "too_big" || v.params?.origin !== "string" || max === undefined) return undefined;
  return { limit: Number(max) };
}

/** Zod issues → per-field errors with `body.company.name` style paths; unknown keys reported one per field. */
function fieldErrorsFromValidation(err: FastifyError): FieldError[] {
  const ctx = (err as { validationContext?: string }).validationContext ?? "body";
  const issues = (err.validation ?? []) as ZodLikeIssue[];
  const out: FieldError[] = [];
  for (const v of issues) {
    const base = (v.instancePath ?? "").split("/").filter(Boolean);
    if (v.keyword === "unrecognized_keys" && v.params?.keys) {
      for (const k of v.params.keys) {
        out.push({ field: [ctx, ...base, k].join("."), message: "Unknown field.", code: "unknown_field" });
      }
      continue;
    }
    out.push({
      field: [ctx, ...base].join("."),
      message: v.message ?? "Invalid value.",
      code: v.keyword ?? "invalid",
      ...textLimit(v),
    });
  }
  return out;
}

/** The one place where errors become HTTP responses. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const unique = customUniqueViolation(err) ?? externalIdViolation(err);
  if (unique) return sendProblem(reply, request, problem(422, unique.code, unique.message, unique.errors));
  if (err instanceof AppError) {
    if (err.headers) reply.headers(err.headers);
    const p = problem(err.status, err.code, err.message, err.errors);
    if (err instanceof TooManyRequestsError) p.retryAfter = err.retryAfter;
    return sendProblem(reply, request, p);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    return sendProblem(
      reply,
      request,
      problem(422, "validation_failed", "The request has invalid fields.", fieldErrorsFromValidation(err)),
    );
  }
  if (isResponseSerializationError(err)) {
    request.log.error({ err, issues: err.cause.issues }, "response did not match its schema");
    return sendProblem(reply, request, problem(500, "internal_error", "Something went wrong on our side."));
  }
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return sendProblem(reply, request, problem(413, "payload_too_large", "The request body is too large."));
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return sendProblem(
        reply,
        request,
        problem(415, "unsupported_media_type", "Send JSON (application/json)."),
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return sendProblem(
        reply,
        request,
        problem(400, "malformed_json", "The request body is not valid JSON."),
      );
  }
  if (err instanceof SyntaxError || err.statusCode === 400) {
    return sendProblem(reply, request, problem(400, "bad_request", err.message || "Malformed request."));
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return sendProblem(reply, request, problem(err.statusCode, "bad_request", err.message));
  }
  request.log.error({ err }, "unhandled error");
  return sendProblem(reply, request, problem(500, "internal_error", "Something went wrong on our side."));
}
