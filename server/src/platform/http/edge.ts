import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";
import type { Config } from "../config/config.js";
import { AppError, BadRequestError, ValidationError } from "../errors.js";
import { type Problem, problem, sendProblem } from "./problem.js";
import { securityHeaders } from "./security-headers.js";
import type { App } from "./types.js";

/**
 * One rule at the edge for bytes the database or the application must never see: every refusal happens before
 * a handler runs, so nothing is written.
 *
 * - A NUL character (PostgreSQL refuses 0x00 in text) in the query, the path parameters or a JSON body — value
 *   or key — is 422 `null_character` naming the field.
 * - A JSON body must be UTF-8: invalid bytes are 400 `invalid_utf8` (Node would silently store U+FFFD), a lone
 *   surrogate escape (`"\ud800"`) is 400 `invalid_unicode`, a declared charset other than UTF-8 is 415
 *   `unsupported_charset`. Percent-encoding in the URL must decode to UTF-8 as well (400 `invalid_utf8`).
 * - Request bodies are never content-encoded (a proxy may compress answers, not requests): any
 *   `Content-Encoding` but `identity` is 415 `unsupported_content_encoding`.
 * - Answers Fastify or Node produce before routing (414 for a path parameter over `maxParamLength`, 431 for
 *   oversized headers, 400 for a malformed request line) are problem+json like every other error.
 */

const utf8 = new TextDecoder("utf-8", { fatal: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Walks a parsed value; returns the first problem: a lone surrogate (400) or a NUL (422). */
function checkStrings(value: unknown, path: string): AppError | null {
  const check = (s: string, where: string): AppError | null => {
    if (LONE_SURROGATE.test(s)) {
      return new BadRequestError(
        "invalid_unicode",
        `${where} contains a lone surrogate (not valid Unicode).`,
        [{ field: where, message: "Not valid Unicode text.", code: "invalid_unicode" }],
      );
    }
    if (s.includes("\u0000")) {
      return new ValidationError([
        { field: where, message: "Text may not contain the NUL character.", code: "null_character" },
      ]);
    }
    return null;
  };
  if (typeof value === "string") return check(value, path);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = checkStrings(v, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const where = `${path}.${k.replace(/\0/g, "\\0")}`;
      const found = check(k, where) ?? checkStrings(v, where);
      if (found) return found;
    }
  }
  return null;
}

/** `?a=%ff` must be UTF-8 once percent-decoded (the query parser would otherwise keep or replace the bytes). */
function assertUrlEncoding(url: string): void {
  const query = url.indexOf("?");
  if (query < 0) return;
  for (const part of url.slice(query + 1).split(/[&=]/)) {
    try {
      decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      throw new BadRequestError("invalid_utf8", "The query string is not valid UTF-8 percent-encoding.");
    }
  }
}

/** JSON bodies: UTF-8 only, then Fastify's own parser (prototype-poisoning checks), then the string rules. */
function jsonParser(app: App) {
  const parseJson = app.getDefaultJsonParser("error", "error");
  return (request: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers["content-type"] ?? "")?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      const err = new AppError(
        415,
        "unsupported_charset",
        `Send the body as UTF-8, not ${charset.slice(0, 40)}.`,
      );
      return done(err);
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new BadRequestError("invalid_utf8", "The request body is not valid UTF-8."));
    }
    parseJson(request, text, (err, value) => {
      if (err) return done(err);
      const found = checkStrings(value, "body");
      return found ? done(found) : done(null, value);
    });
  };
}

/** Registers the parser and hooks; `edgeServerOptions` holds the parts that must be given to `Fastify()`. */
export function registerEdge(app: App, config: Pick<Config, "PUBLIC_URL">): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, jsonParser(app));
  // Callback-style hooks (no promise per request; a throw is Fastify's done(err)): they run on every request.
  app.addHook("onRequest", (request, _reply, done) => {
    const encoding = request.headers["content-encoding"];
    if (encoding && encoding.trim().toLowerCase() !== "identity") {
      throw new AppError(
        415,
        "unsupported_content_encoding",
        "Request bodies are not accepted content-encoded; send them uncompressed.",
      );
    }
    assertUrlEncoding(request.url);
    done();
  });
  app.addHook("preValidation", (request, _reply, done) => {
    const found = checkStrings(request.query, "querystring") ?? checkStrings(request.params, "params");
    if (found) throw found;
    done();
  });
  const headers = securityHeaders(config);
  app.addHook("onSend", (request, reply, payload, done) => {
    const own = reply.getHeader("content-security-policy");
    for (const [name, value] of headers.entriesFor(request.url)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    // A route's own policy (downloads: `default-src 'none'; sandbox`) is kept, and still may not be framed.
    if (own !== undefined && !String(own).includes("frame-ancestors"))
      reply.header("content-security-policy", `${own}; frame-ancestors 'none'`);
    done(null, payload);
  });
}

/** Errors Fastify raises before routing (414 too long a parameter, 400 a malformed URL) as problem+json. */
function frameworkErrors(config: Pick<Config, "PUBLIC_URL">) {
  const headers = securityHeaders(config);
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const p =
      err.code === "FST_ERR_MAX_PARAM_LENGTH"
        ? problem(414, "uri_too_long", "The URL is too long.")
        : problem(400, "bad_request", "The URL is malformed.");
    // These answers skip the app's onSend hooks.
    reply.headers(headers.forRequest(request.url));
    return sendProblem(reply, request, p);
  };
}

/** Node's own answers to unparseable requests (431 headers too large, 408, 400), as problem+json. */
function clientErrorHandler(config: Pick<Config, "PUBLIC_URL">) {
  const headers = securityHeaders(config).forRequest("/api/");
  return (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === "ECONNRESET" || socket.destroyed) return;
    const p: Problem =
      err.code === "HPE_HEADER_OVERFLOW"
        ? problem(431, "header_too_large", "The request's headers (the URL included) are too large.")
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? problem(408, "request_timeout", "The request took too long to arrive.")
          : problem(400, "bad_request", "The request could not be parsed.");
    const body = JSON.stringify(p);
    const lines = [
      `HTTP/1.1 ${p.status} ${p.title}`,
      "Content-Type: application/problem+json",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (socket.writable) socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
    socket.destroy(err);
  };
}

/** Options for `Fastify({...})`: pre-routing errors as problem+json. */
export function edgeServerOptions(config: Pick<Config, "PUBLIC_URL">): Partial<FastifyServerOptions> {
  return {
    frameworkErrors: frameworkErrors(config) as never,
    clientErrorHandler: clientErrorHandler(config) as never,
  };
}
