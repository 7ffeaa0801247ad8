/**
 * Domain errors. Domain code throws these; the HTTP layer maps them to RFC 9457 problem+json in one place
 * (`http/problem.ts`). Every error carries a stable machine-readable `code`.
 */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  /** `too_big` on a text: its maximum length in characters. */
  limit?: number;
  /** Position in a source text the field holds (template syntax errors), 1-based. */
  line?: number;
  column?: number;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], message = "The request has invalid fields.") {
    super(422, "validation_failed", message, errors);
  }
  static field(field: string, message: string, code?: string): ValidationError {
    return new ValidationError([{ field, message, ...(code ? { code } : {}) }]);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Resource") {
    super(404, "not_found", `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(409, code, message, errors);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code = "unauthenticated", message = "Sign in to continue.") {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(code = "forbidden", message = "You do not have permission to do this.") {
    super(403, code, message);
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(400, code, message, errors);
  }
}

export class TooManyRequestsError extends AppError {
  readonly retryAfter: number;
  constructor(retryAfterSeconds: number, code = "too_many_attempts") {
    const wait = Math.max(1, Math.ceil(retryAfterSeconds));
    const when = wait < 120 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`;
    super(429, code, `Too many attempts. Try again in ${when}.`, undefined, { "retry-after": String(wait) });
    this.retryAfter = wait;
  }
}
