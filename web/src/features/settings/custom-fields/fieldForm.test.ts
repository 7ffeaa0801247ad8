import { describe, expect, it } from "vitest";
import { createBody, keyForLabel, valuesFromField } from "./fieldForm";

describe("a custom field from labels in any script", () => {
  it("derives distinct choice values from Russian labels left without values", () => {
    const values = {
      ...valuesFromField(null),
      label: "Приоритет",
      key: keyForLabel("Приоритет", []),
      type: "select" as const,
      options: [
        { label: "Высокий", value: "" },
        { label: "Средний", value: "" },
        { label: "Низкий", value: "" },
        { label: "Высокий!", value: "" },
        { label: "Свой", value: "vysokiy3" },
        { label: "  ", value: "" },
      ],
    };
    const body = createBody("contacts", values, 0);
    expect(body.key).toBe("prioritet");
    expect(body.options).toEqual([
      { label: "Высокий", value: "vysokiy" },
      { label: "Средний", value: "sredniy" },
      { label: "Низкий", value: "nizkiy" },
      { label: "Высокий!", value: "vysokiy2" },
      { label: "Свой", value: "vysokiy3" },
    ]);
  });

  it("numbers a key another field (even a deleted one) already has", () => {
    expect(keyForLabel("Приоритет", ["prioritet"])).toBe("prioritet2");
    expect(keyForLabel("Қала", ["qala", "qala2"])).toBe("qala3");
    expect(keyForLabel("???", ["field"])).toBe("field2");
  });
});

describe("a new custom field", () => {
  it("is filterable unless the admin unticks it; an existing one keeps its setting", () => {
    const fresh = valuesFromField(null);
    expect(fresh.filterable).toBe(true);
    expect(createBody("contacts", { ...fresh, label: "Region", key: "region" }, 0)).toMatchObject({
      filterable: true,
    });
    expect(
      createBody("contacts", { ...fresh, label: "Note", key: "note", filterable: false }, 0),
    ).toMatchObject({
      filterable: false,
    });
  });
});
