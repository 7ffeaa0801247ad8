import { describe, expect, it } from "vitest";
import { i18n } from "../i18n";
import { installFakeFetch, problem, setCookie } from "../test/fakeFetch";
import { api, unwrap } from "./client";
import { readCookie } from "./csrf";
import { ApiError, parseRetryAfter, toProblem } from "./problem";

describe("problem+json parsing", () => {
  it("keeps the documented fields and drops malformed field errors", () => {
    const parsed = toProblem(
      {
        type: "https://tandem.dev/problems/validation",
        title: "Invalid request",
        status: 422,
        code: "validation_failed",
        errors: [{ field: "email", message: "bad", code: "invalid_email" }, { field: 3 }, "nope"],
      },
      422,
    );
    expect(parsed.code).toBe("validation_failed");
    expect(parsed.errors).toEqual([{ field: "email", message: "bad", code: "invalid_email" }]);
  });

  it("turns a non-problem body into a generic problem for its status", () => {
    expect(toProblem("<html>", 502)).toMatchObject({ status: 502, code: "server_error" });
    expect(toProblem(null, 401).code).toBe("unauthorized");
  });

  it("parses Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 0)).toBe(61);
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("unwrap throws an ApiError with the Retry-After delay", async () => {
    installFakeFetch({
      "POST /api/v1/auth/login": () => problem(429, "too_many_attempts", {}, { "Retry-After": "12" }),
    });
    const error = await unwrap(
      api.POST("/api/v1/auth/login", { body: { email: "a@b.c", password: "x" } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: "too_many_attempts", retryAfter: 12 });
  });

  it("sends the CSRF cookie as X-CSRF-Token on unsafe requests only", async () => {
    setCookie("tandem_csrf", "token%20123");
    expect(readCookie("tandem_csrf")).toBe("token 123");
    const fake = installFakeFetch({
      "GET /api/v1/me": () => problem(401, "unauthorized"),
      "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }),
    });
    await unwrap(api.GET("/api/v1/me")).catch(() => undefined);
    await unwrap(api.POST("/api/v1/auth/logout"));
    expect(fake.callsTo("GET /api/v1/me")[0]?.headers.get("X-CSRF-Token")).toBeNull();
    expect(fake.callsTo("POST /api/v1/auth/logout")[0]?.headers.get("X-CSRF-Token")).toBe("token 123");
  });

  it("reports network failures as ApiError code network_error", async () => {
    installFakeFetch({});
    globalThis.fetch = () => Promise.reject(new TypeError("Failed to fetch"));
    await expect(unwrap(api.GET("/api/v1/me"))).rejects.toMatchObject({ status: 0, code: "network_error" });
  });

  it("words a network failure in the user's language", async () => {
    installFakeFetch({});
    globalThis.fetch = () => Promise.reject(new TypeError("Failed to fetch"));
    await i18n.changeLanguage("ru");
    const error = await unwrap(api.GET("/api/v1/me")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(i18n.t("errors.network_error"));
    expect((error as ApiError).message).toMatch(/[а-я]/);
  });
});
