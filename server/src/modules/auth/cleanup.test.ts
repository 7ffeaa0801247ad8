import { describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runAuthCleanup } from "./cleanup.js";

describe("auth cleanup", () => {
  const t = useTestContext();

  it("deletes long-ended sessions and expired reset links, keeps live ones", async () => {
    const user = await createUser(t.db);
    const day = 86_400_000;
    await t.db
      .insertInto("sessions")
      .values([
        { id: "a".repeat(64), user_id: user.id, expires_at: new Date(Date.now() - 8 * day) },
        { id: "b".repeat(64), user_id: user.id, expires_at: new Date(Date.now() + day) },
      ])
      .execute();
    await t.db
      .insertInto("password_reset_tokens")
      .values({ token_hash: "c".repeat(64), user_id: user.id, expires_at: new Date(Date.now() - 2 * day) })
      .execute();
    const result = await runAuthCleanup(t.db);
    expect(result).toMatchObject({ sessionsDeleted: 1, resetTokensDeleted: 1 });
    const left = await t.db.selectFrom("sessions").select("id").execute();
    expect(left.map((s) => s.id)).toEqual(["b".repeat(64)]);
  });
});
