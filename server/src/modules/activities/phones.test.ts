import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Calls' `phone` and SMS `to`: E.164 with the typed input kept; invalid numbers are refused per field. */
describe("activity phone numbers", () => {
  const t = useTestContext();
  let ru: Record<string, string>;
  let en: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", a.id).execute();
    ru = await tokenHeaders(t.db, a.id);
    const b = await createUser(t.db, { roleKey: "sales_manager" });
    await t.db.updateTable("users").set({ language: "en" }).where("id", "=", b.id).execute();
    en = await tokenHeaders(t.db, b.id);
  });

  const log = (h: Record<string, string>, payload: object) =>
    t.app.inject({ method: "POST", url: "/api/v1/activities", headers: h, payload });
  const patch = (h: Record<string, string>, id: string, payload: object) =>
    t.app.inject({ method: "PATCH", url: `/api/v1/activities/${id}`, headers: h, payload });

  it("stores a call's number in E.164 and keeps what was typed", async () => {
    const res = await log(en, { kind: "call", direction: "out", phone: " +7 (912) 345-67-89 " });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ phone: "+79123456789", phoneRaw: "+7 (912) 345-67-89" });
    const row = await t.db
      .selectFrom("activities")
      .select(["phone", "phone_raw"])
      .where("id", "=", res.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ phone: "+79123456789", phone_raw: "+7 (912) 345-67-89" });
  });

  it("reads a national number in the region of the user's language", async () => {
    const local = await log(ru, { kind: "call", phone: "8 (912) 345-67-89" });
    expect(local.statusCode, local.body).toBe(201);
    expect(local.json()).toMatchObject({ phone: "+79123456789", phoneRaw: "8 (912) 345-67-89" });
    // Without a region (English) the same digits are not a number.
    const unknown = await log(en, { kind: "call", phone: "8 (912) 345-67-89" });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({
        field: "body.phone",
        code: "invalid_phone",
        message: expect.stringContaining("+country"),
      }),
    ]);
  });

  it("refuses invalid numbers on create and update, writing nothing", async () => {
    for (const phone of ["123", "+7 000", "call me maybe", "+1 555 0100 0100 0100"]) {
      const res = await log(en, { kind: "call", subject: `bad ${phone}`, phone });
      expect(res.statusCode, phone).toBe(422);
      expect(res.json().errors).toEqual([
        expect.objectContaining({ field: "body.phone", code: "invalid_phone" }),
      ]);
    }
    const stored = await t.db
      .selectFrom("activities")
      .select("id")
      .where("subject", "like", "bad %")
      .execute();
    expect(stored).toEqual([]);
    const call = (await log(en, { kind: "call", phone: "+381 64 123 4567" })).json();
    expect(call.phone).toBe("+381641234567");
    const bad = await patch(en, call.id, { phone: "00" });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: "body.phone", code: "invalid_phone" });
    const kept = await t.db
      .selectFrom("activities")
      .select("phone")
      .where("id", "=", call.id)
      .executeTakeFirstOrThrow();
    expect(kept.phone).toBe("+381641234567");
    const changed = await patch(en, call.id, { phone: "+7 727 250 00 00" });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ phone: "+77272500000", phoneRaw: "+7 727 250 00 00" });
    const cleared = await patch(en, call.id, { phone: null });
    expect(cleared.json()).toMatchObject({ phone: null, phoneRaw: null });
  });

  it("normalizes an SMS recipient and refuses an invalid one; e-mail recipients stay addresses", async () => {
    const sms = await log(ru, { kind: "sms", direction: "out", to: "8 912 345 67 89", body: "Hello" });
    expect(sms.statusCode, sms.body).toBe(201);
    expect(sms.json()).toMatchObject({ to: "+79123456789", toRaw: "8 912 345 67 89" });
    const bad = await log(ru, { kind: "sms", to: "not a number", body: "Hello" });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: "body.to", code: "invalid_phone" })]);
    const badUpdate = await patch(ru, sms.json().id, { to: "12" });
    expect(badUpdate.statusCode).toBe(422);
    expect(badUpdate.json().errors[0]).toMatchObject({ field: "body.to", code: "invalid_phone" });
    const email = await log(en, { kind: "email", direction: "out", to: "you@y.io", subject: "Offer" });
    expect(email.statusCode, email.body).toBe(201);
    expect(email.json()).toMatchObject({ to: "you@y.io", toRaw: null });
  });
});
