import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser, signIn } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { bootstrapAdmin } from "../identity/bootstrap.js";
import { localizeSeededPipeline, SEEDED_PIPELINE } from "./seed-names.js";

const PASSWORD = "Fresh-instance-Admin-42";

interface PipelineDto {
  name: string;
  isDefault: boolean;
  stages: { name: string; kind: string; probability: number }[];
}

describe("the seeded default pipeline in the first administrator's language", () => {
  const t = useTestContext();

  /** Back to a fresh instance: no users, the default pipeline exactly as the migration seeds it. */
  async function freshInstance() {
    await t.db.deleteFrom("users").execute();
    const { pipeline, stages } = SEEDED_PIPELINE.en;
    await sql`UPDATE pipelines SET name = ${pipeline} WHERE is_default`.execute(t.db);
    for (const [i, name] of stages.entries()) {
      await sql`UPDATE pipeline_stages SET name = ${name}
        WHERE position = ${i} AND pipeline_id = (SELECT id FROM pipelines WHERE is_default)`.execute(t.db);
    }
  }

  async function defaultPipeline(email: string): Promise<PipelineDto> {
    const s = await signIn(t.app, email, PASSWORD);
    const res = await t.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: s.headers });
    expect(res.statusCode).toBe(200);
    return (res.json().items as PipelineDto[]).find((p) => p.isDefault) as PipelineDto;
  }

  it.each([
    ["ru", "Новые продажи", "Квалификация", "Администратор"],
    ["sr", "Нова продаја", "Квалификација", "Администратор"],
    ["sr-Latn", "Nova prodaja", "Kvalifikacija", "Administrator"],
    ["kk", "Жаңа сатылымдар", "Клиентті бағалау", "Әкімші"],
  ] as const)(
    "a fresh %s instance names the pipeline, its stages and the admin in that language",
    async (language, pipeline, first, admin) => {
      await freshInstance();
      const email = `first-${language}@example.com`;
      const boot = await bootstrapAdmin(t.db, { email, password: PASSWORD, language });
      expect(boot).toMatchObject({ created: true, pipelineLocalized: true });
      const seeded = await defaultPipeline(email);
      expect(seeded.name).toBe(pipeline);
      expect(seeded.stages.map((s) => s.name)).toEqual(SEEDED_PIPELINE[language].stages);
      expect(seeded.stages[0]?.name).toBe(first);
      // Only the names change: kinds and probabilities stay as seeded.
      expect(seeded.stages.map((s) => [s.kind, s.probability])).toEqual([
        ["open", 10],
        ["open", 25],
        ["open", 50],
        ["open", 75],
        ["won", 100],
        ["lost", 0],
      ]);
      const s = await signIn(t.app, email, PASSWORD);
      const me = (await t.app.inject({ method: "GET", url: "/api/v1/me", headers: s.headers })).json();
      expect(me).toMatchObject({ language, name: admin });
    },
  );

  it("keeps English names without ADMIN_LANGUAGE (or with en)", async () => {
    await freshInstance();
    const boot = await bootstrapAdmin(t.db, { email: "first-en@example.com", password: PASSWORD });
    expect(boot).toMatchObject({ created: true, pipelineLocalized: false });
    const seeded = await defaultPipeline("first-en@example.com");
    expect(seeded.name).toBe("New sales");
    expect(seeded.stages.map((s) => s.name)).toEqual(SEEDED_PIPELINE.en.stages);
  });

  it("never renames an existing instance: with users, bootstrap changes nothing", async () => {
    await freshInstance();
    await createUser(t.db, { email: "existing@example.com", roleKey: "admin", password: PASSWORD });
    const boot = await bootstrapAdmin(t.db, {
      email: "late@example.com",
      password: PASSWORD,
      language: "ru",
    });
    expect(boot).toEqual({ created: false });
    const seeded = await defaultPipeline("existing@example.com");
    expect(seeded.name).toBe("New sales");
    expect(seeded.stages.map((s) => s.name)).toEqual(SEEDED_PIPELINE.en.stages);
  });

  it("leaves a pipeline someone has edited (renamed stage) as it is, but still sets the admin's language", async () => {
    await freshInstance();
    await sql`UPDATE pipeline_stages SET name = 'Discovery'
      WHERE position = 1 AND pipeline_id = (SELECT id FROM pipelines WHERE is_default)`.execute(t.db);
    const boot = await bootstrapAdmin(t.db, {
      email: "edited@example.com",
      password: PASSWORD,
      language: "ru",
    });
    expect(boot).toMatchObject({ created: true, pipelineLocalized: false });
    const seeded = await defaultPipeline("edited@example.com");
    expect(seeded.name).toBe("New sales");
    expect(seeded.stages.map((s) => s.name)).toEqual([
      "Qualification",
      "Discovery",
      "Proposal",
      "Negotiation",
      "Won",
      "Lost",
    ]);
    const me = await t.db.selectFrom("users").select("language").executeTakeFirstOrThrow();
    expect(me.language).toBe("ru");
  });

  it("leaves the pipeline alone once it holds deals, or when it is no longer the default", async () => {
    await freshInstance();
    const owner = await createUser(t.db, { roleKey: "admin" });
    const stage = await t.db
      .selectFrom("pipeline_stages as s")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .select(["s.id", "s.pipeline_id"])
      .where("p.is_default", "=", true)
      .orderBy("s.position")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("deals")
      .values({
        title: "Early deal",
        pipeline_id: stage.pipeline_id,
        stage_id: stage.id,
        probability: 10,
        owner_id: owner.id,
        custom: "{}",
      })
      .execute();
    expect(await t.db.transaction().execute((trx) => localizeSeededPipeline(trx, "kk"))).toBe(false);
    await t.db.deleteFrom("deals").execute();
    await sql`UPDATE pipelines SET is_default = false`.execute(t.db);
    expect(await t.db.transaction().execute((trx) => localizeSeededPipeline(trx, "kk"))).toBe(false);
    await sql`UPDATE pipelines SET is_default = true WHERE id = ${stage.pipeline_id}`.execute(t.db);
    expect(await t.db.transaction().execute((trx) => localizeSeededPipeline(trx, "kk"))).toBe(true);
    const names = await t.db
      .selectFrom("pipelines")
      .select("name")
      .where("id", "=", stage.pipeline_id)
      .execute();
    expect(names).toEqual([{ name: "Жаңа сатылымдар" }]);
  });
});
