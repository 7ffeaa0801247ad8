import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Issue 9: a definition that a form cannot render (equal choice values, a taken key) never gets stored. */
describe("custom field definitions", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  const define = (payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/custom-fields", headers: admin, payload });
  const stored = async (key: string) =>
    t.db.selectFrom("custom_fields").select("id").where("key", "=", key).execute();
  const fields = (res: { json: () => { errors?: Array<{ field: string; code?: string }> } }) =>
    (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);

  it("refuses select choices with equal values, naming the choice, and stores nothing", async () => {
    const res = await define({
      entity: "contacts",
      key: "priorityLevel",
      label: "Приоритет",
      type: "select",
      options: [
        { value: "field", label: "Высокий" },
        { value: "field", label: "Средний" },
        { value: "low", label: "Низкий" },
      ],
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(fields(res)).toEqual(["options.1.value:duplicate_option"]);
    expect(await stored("priorityLevel")).toEqual([]);
  });

  it("refuses choices with the same label and choices without a value", async () => {
    const sameLabel = await define({
      entity: "contacts",
      key: "tierA",
      label: "Tier",
      type: "multiSelect",
      options: [
        { value: "a", label: "Gold" },
        { value: "b", label: "gold" },
      ],
    });
    expect(sameLabel.statusCode).toBe(422);
    expect(fields(sameLabel)).toEqual(["options.1.label:duplicate_option"]);
    const empty = await define({
      entity: "contacts",
      key: "tierB",
      label: "Tier",
      type: "select",
      options: [{ value: "  ", label: "Gold" }],
    });
    expect(empty.statusCode).toBe(422);
    expect(fields(empty)[0]).toMatch(/^(body\.)?options\.0\.value:/);
    expect(await stored("tierA")).toEqual([]);
    expect(await stored("tierB")).toEqual([]);
  });

  it("refuses a taken key as a 422 on the key field", async () => {
    const first = await define({ entity: "contacts", key: "vysokiy", label: "Высокий", type: "text" });
    expect(first.statusCode, first.body).toBe(201);
    const again = await define({ entity: "contacts", key: "vysokiy", label: "Другой", type: "text" });
    expect(again.statusCode).toBe(422);
    expect(fields(again)).toEqual(["key:key_taken"]);
    expect(await stored("vysokiy")).toHaveLength(1);
  });

  it("refuses an update that would make two choices equal and keeps the stored ones", async () => {
    const res = await define({
      entity: "deals",
      key: "temperature",
      label: "Temperature",
      type: "select",
      options: [
        { value: "hot", label: "Hot" },
        { value: "cold", label: "Cold" },
      ],
    });
    const id = res.json().id as string;
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/custom-fields/${id}`,
      headers: admin,
      payload: {
        options: [
          { value: "hot", label: "Hot" },
          { value: "hot", label: "Warm" },
        ],
      },
    });
    expect(patch.statusCode).toBe(422);
    expect(fields(patch)).toEqual(["options.1.value:duplicate_option"]);
    const row = await t.db
      .selectFrom("custom_fields")
      .select("options")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.options).toEqual([
      { value: "hot", label: "Hot" },
      { value: "cold", label: "Cold" },
    ]);
  });
});
