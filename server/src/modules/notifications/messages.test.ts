import { describe, expect, it } from "vitest";
import { messages, renderMessage } from "./messages.js";

describe("notification texts", () => {
  it("never spell out both genders of the actor ('упомянул(а)', 'поменуо/ла')", () => {
    const texts = Object.values(messages).flatMap((message) =>
      Object.values(message).flatMap((text) => (typeof text === "string" ? [text] : Object.values(text))),
    );
    expect(texts.filter((text) => /\(а\)|\/ла\b|\(la\)/u.test(text))).toEqual([]);
  });

  it("read naturally whoever the actor is", () => {
    const params = { actor: "Анна Петрова", title: "Поставка" };
    expect(renderMessage("activity.mention", params, "ru", "UTC")).toBe(
      "Анна Петрова упоминает вас в заметке к «Поставка»",
    );
    expect(renderMessage("record.assigned", params, "ru", "UTC")).toBe(
      "Анна Петрова передаёт вам «Поставка»",
    );
    expect(renderMessage("activity.mentionNote", { actor: "Ana" }, "sr-Latn", "UTC")).toBe(
      "Ana vas pominje u belešci",
    );
  });
});
