import { describe, expect, it } from "vitest";
import { i18n } from "../i18n";
import { fieldProblemMessage } from "./problemMessages";

describe("fieldProblemMessage: a too-long text says its limit", () => {
  it("in the interface language, with the number of characters", async () => {
    const en = i18n.getFixedT("en");
    expect(fieldProblemMessage(en, { field: "body.name", message: "x", code: "too_big", limit: 100 })).toBe(
      "Too long: at most 100 characters.",
    );
    await i18n.loadLanguages("ru");
    const ru = i18n.getFixedT("ru");
    expect(fieldProblemMessage(ru, { field: "body.name", message: "x", code: "too_big", limit: 100 })).toBe(
      "Слишком длинно: не больше 100 символов.",
    );
    expect(fieldProblemMessage(en, { field: "body.amount", message: "x", code: "too_big" })).toBe(
      "This value is too long or too large.",
    );
  });
});
