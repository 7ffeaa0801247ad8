import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("merging contacts keeps the display name derived from the name parts", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
  });

  const post = (url: string, payload: object) =>
    t.app.inject({ method: "POST", url, headers: admin, payload });

  it("choosing the first name of a merged record gives 'chosen first + survivor's last', and undo restores it", async () => {
    const survivor = (await post("/api/v1/contacts", { firstName: "Jon", lastName: "Smith" })).json().id;
    const merged = (await post("/api/v1/contacts", { firstName: "John", lastName: "Smyth-Jones" })).json().id;
    const res = await post("/api/v1/merge", {
      entity: "contacts",
      survivorId: survivor,
      mergedIds: [merged],
      fieldChoices: { firstName: merged },
    });
    expect(res.statusCode, res.body).toBe(200);
    const get = () => t.app.inject({ method: "GET", url: `/api/v1/contacts/${survivor}`, headers: admin });
    expect((await get()).json()).toMatchObject({ firstName: "John", lastName: "Smith", name: "John Smith" });
    expect((await post(`/api/v1/merge/${res.json().id}/undo`, {})).statusCode).toBe(200);
    expect((await get()).json()).toMatchObject({ firstName: "Jon", name: "Jon Smith" });
  });
});
