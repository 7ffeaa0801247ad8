import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { toSerbianLatin } from "../../platform/serbian-latin.js";

export type SeedLanguage = "en" | "ru" | "sr" | "sr-Latn" | "kk";

interface SeedNames {
  pipeline: string;
  /** In stage order: qualification, needs analysis, proposal, negotiation, won, lost. */
  stages: readonly [string, string, string, string, string, string];
}

/**
 * The default pipeline as the pipelines migration seeds it (in English) and its translations. A fresh instance
 * renames it into the first administrator's language (`ADMIN_LANGUAGE`), see `localizeSeededPipeline`.
 */
const SEEDED: Record<Exclude<SeedLanguage, "sr-Latn">, SeedNames> = {
  en: {
    pipeline: "New sales",
    stages: ["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"],
  },
  ru: {
    pipeline: "Новые продажи",
    stages: ["Квалификация", "Анализ потребностей", "Предложение", "Переговоры", "Выиграна", "Проиграна"],
  },
  sr: {
    pipeline: "Нова продаја",
    stages: ["Квалификација", "Анализа потреба", "Понуда", "Преговори", "Добијен", "Изгубљен"],
  },
  kk: {
    pipeline: "Жаңа сатылымдар",
    stages: [
      "Клиентті бағалау",
      "Қажеттілік талдауы",
      "Ұсыныс",
      "Келіссөздер",
      "Сәтті аяқталды",
      "Сәтсіз аяқталды",
    ],
  },
};

/** Serbian Latin (`sr-Latn`) is generated from the Cyrillic names, as in the interface. */
export const SEEDED_PIPELINE: Record<SeedLanguage, SeedNames> = {
  ...SEEDED,
  "sr-Latn": {
    pipeline: toSerbianLatin(SEEDED.sr.pipeline),
    stages: SEEDED.sr.stages.map(toSerbianLatin) as unknown as SeedNames["stages"],
  },
};

/**
 * Renames the seeded default pipeline and its stages into `language`, but only while it is exactly as the
 * migration left it (English names, same stages in the same order, no deals): a pipeline anyone has touched
 * is never renamed. Returns whether it renamed. Runs inside the caller's transaction.
 */
export async function localizeSeededPipeline(trx: Transaction<DB>, language: SeedLanguage): Promise<boolean> {
  if (language === "en") return false;
  const seed = SEEDED_PIPELINE.en;
  const pipeline = await trx
    .selectFrom("pipelines")
    .select("id")
    .where("is_default", "=", true)
    .where("deleted_at", "is", null)
    .where("name", "=", seed.pipeline)
    .forUpdate()
    .executeTakeFirst();
  if (!pipeline) return false;
  const stages = await trx
    .selectFrom("pipeline_stages")
    .select(["id", "name"])
    .where("pipeline_id", "=", pipeline.id)
    .orderBy("position")
    .execute();
  const untouched =
    stages.length === seed.stages.length && stages.every((stage, i) => stage.name === seed.stages[i]);
  if (!untouched) return false;
  const deal = await trx
    .selectFrom("deals")
    .select("id")
    .where("pipeline_id", "=", pipeline.id)
    .limit(1)
    .executeTakeFirst();
  if (deal) return false;
  const names = SEEDED_PIPELINE[language];
  await trx.updateTable("pipelines").set({ name: names.pipeline }).where("id", "=", pipeline.id).execute();
  for (const [i, stage] of stages.entries()) {
    await trx
      .updateTable("pipeline_stages")
      .set({ name: names.stages[i] as string })
      .where("id", "=", stage.id)
      .execute();
  }
  return true;
}
