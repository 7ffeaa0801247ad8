import { describe, expect, it } from "vitest";
import { keyFromLabel, transliterate, uniqueKey } from "./slug";

describe("keys from labels in any script", () => {
  it.each([
    ["Deal size", "dealSize"],
    ["Высокий", "vysokiy"],
    ["Средний приоритет", "sredniyPrioritet"],
    ["Щука и ёж", "shchukaIEzh"],
    ["Объём", "obem"],
    ["Әріптес қала", "ariptesQala"],
    ["Үлкен ұйым һәм ғылым ңөі", "ulkenUyymHamGylymNoi"],
    ["Ђорђе Љубић", "djordjeLjubic"],
    ["Њива ћуприја џеп ј", "njivaCuprijaDzepJ"],
    ["Čačak Šabac Žabalj Đakovo", "cacakSabacZabaljDjakovo"],
    ["2024 план", "field2024Plan"],
    ["!!!", "field"],
    ["中文", "field"],
  ])("%s → %s", (label, key) => {
    expect(keyFromLabel(label)).toBe(key);
    expect(key).toMatch(/^[a-z][a-zA-Z0-9_]{0,62}$/);
  });

  it("uses the given fallback for labels without letters it can write", () => {
    expect(keyFromLabel("—", "option")).toBe("option");
  });

  it("keeps keys within 63 characters", () => {
    expect(keyFromLabel("Очень ".repeat(30)).length).toBeLessThanOrEqual(63);
    expect(uniqueKey("a".repeat(63), ["a".repeat(63)])).toBe(`${"a".repeat(62)}2`);
  });

  it("adds the first free number when the key is taken", () => {
    expect(uniqueKey("vysokiy", [])).toBe("vysokiy");
    expect(uniqueKey("vysokiy", ["vysokiy"])).toBe("vysokiy2");
    expect(uniqueKey("vysokiy", ["vysokiy", "vysokiy2"])).toBe("vysokiy3");
  });

  it("transliterates to ASCII only", () => {
    expect(transliterate("Жёлтый-зелёный, №5")).toBe("Zheltyy zelenyy No5");
  });
});
