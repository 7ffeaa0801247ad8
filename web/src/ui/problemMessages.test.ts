import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/problem";
import { i18n } from "../i18n";
import { problemMessage } from "./problemMessages";

const apiError = (
  code: string,
  status: number,
  errors?: { field: string; message: string; code?: string }[],
) =>
  new ApiError({
    type: "about:blank",
    title: "Server title",
    status,
    code,
    detail: "Server detail",
    ...(errors ? { errors } : {}),
  });

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("problemMessage", () => {
  it("says how long to wait after too many attempts, in seconds or minutes", async () => {
    const wait = (seconds: number) =>
      new ApiError({ type: "x", title: "x", status: 429, code: "too_many_attempts", detail: "x" }, seconds);
    expect(problemMessage(i18n.t, wait(25))).toBe("Too many attempts. Try again in 25 s.");
    expect(problemMessage(i18n.t, wait(900))).toBe("Too many attempts. Try again in 15 min.");
    await i18n.changeLanguage("ru");
    expect(problemMessage(i18n.t, wait(240))).toBe("Слишком много попыток. Повторите через 4 мин.");
  });

  it("translates the problem code in the user's language", async () => {
    await i18n.changeLanguage("ru");
    expect(problemMessage(i18n.t, apiError("task_not_open", 409))).toBe("Задача уже не открыта.");
    await i18n.changeLanguage("kk");
    expect(problemMessage(i18n.t, apiError("lost_reason_required", 422))).toBe(
      "Жоғалған мәміленің себебін көрсетіңіз.",
    );
  });

  it("falls back to the server's detail for a code it does not know", () => {
    expect(problemMessage(i18n.t, apiError("brand_new_code", 409))).toBe("Server detail");
  });

  it("spells out per-field errors (translated, once each) when there is no form to highlight them", async () => {
    await i18n.changeLanguage("sr");
    const error = apiError("validation_failed", 422, [
      { field: "body.dueAt", message: "Choose a moment in the future.", code: "in_past" },
      { field: "body.expiresAt", message: "Choose a moment in the future.", code: "in_past" },
      { field: "body.note", message: "Note is odd.", code: "custom" },
    ]);
    expect(problemMessage(i18n.t, error)).toBe("Изаберите тренутак у будућности. Note is odd.");
  });

  it("is generic for anything that is not an API error", () => {
    expect(problemMessage(i18n.t, new Error("boom"))).toBe(i18n.t("errors.generic"));
  });
});
