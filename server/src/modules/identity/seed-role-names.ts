import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { toSerbianLatin } from "../../platform/serbian-latin.js";
import type { SeedLanguage } from "../pipelines/module.js";
import { DEFAULT_ROLES } from "./default-roles.js";

type Translated = Record<Exclude<SeedLanguage, "en" | "sr-Latn">, { name: string; description: string }>;

/** The built-in roles' names and descriptions in the other interface languages (English: DEFAULT_ROLES). */
export const ROLE_TRANSLATIONS: Record<string, Translated> = {
  admin: {
    ru: {
      name: "Администратор",
      description: "Всё, включая настройки, пользователей, роли и журнал аудита.",
    },
    sr: {
      name: "Администратор",
      description: "Све, укључујући подешавања, кориснике, улоге и дневник ревизије.",
    },
    kk: {
      name: "Әкімші",
      description: "Барлығы, соның ішінде баптаулар, пайдаланушылар, рөлдер және аудит журналы.",
    },
  },
  head_of_sales: {
    ru: {
      name: "Руководитель отдела продаж",
      description: "Видит и ведёт клиентов, сделки и задачи всей команды.",
    },
    sr: { name: "Шеф продаје", description: "Види и води клијенте, послове и задатке целог тима." },
    kk: {
      name: "Сату бөлімінің басшысы",
      description: "Бүкіл команданың клиенттерін, мәмілелерін және тапсырмаларын көреді және басқарады.",
    },
  },
  sales_manager: {
    ru: {
      name: "Менеджер по продажам",
      description: "Ведёт своих клиентов, сделки и задачи; видит компании и контакты команды.",
    },
    sr: {
      name: "Менаџер продаје",
      description: "Води своје клијенте, послове и задатке; види компаније и контакте тима.",
    },
    kk: {
      name: "Сату менеджері",
      description:
        "Өз клиенттерін, мәмілелері мен тапсырмаларын жүргізеді; команданың компаниялары мен контактілерін көреді.",
    },
  },
  support_agent: {
    ru: {
      name: "Специалист поддержки",
      description: "Читает всех клиентов, чтобы помогать им; суммы сделок скрыты.",
    },
    sr: {
      name: "Агент подршке",
      description: "Чита све клијенте да би им помогао; износи послова су скривени.",
    },
    kk: {
      name: "Қолдау маманы",
      description: "Көмектесу үшін барлық клиенттерді оқиды; мәміле сомалары жасырын.",
    },
  },
  marketer: {
    ru: { name: "Маркетолог", description: "Читает, импортирует и экспортирует клиентов для рассылок." },
    sr: { name: "Маркетиншки стручњак", description: "Чита, увози и извози клијенте за кампање." },
    kk: {
      name: "Маркетолог",
      description: "Науқандар үшін клиенттерді оқиды, импорттайды және экспорттайды.",
    },
  },
  accountant: {
    ru: { name: "Бухгалтер", description: "Читает клиентов и сделки, ведёт реквизиты компаний." },
    sr: { name: "Рачуновођа", description: "Чита клијенте и послове, води податке о компанијама." },
    kk: {
      name: "Бухгалтер",
      description: "Клиенттер мен мәмілелерді оқиды, компаниялардың деректемелерін жүргізеді.",
    },
  },
  read_only: {
    ru: { name: "Только чтение", description: "Видит всё, ничего не меняет." },
    sr: { name: "Само читање", description: "Види све, ништа не мења." },
    kk: { name: "Тек оқу", description: "Барлығын көреді, ештеңені өзгертпейді." },
  },
};

/**
 * Renames the built-in roles into `language` — each one only while its name and description are exactly as
 * seeded (a role someone renamed or described differently keeps their text, and a name already taken by another
 * role is not reused). Returns how many it renamed.
 */
export async function localizeSeededRoles(trx: Transaction<DB>, language: SeedLanguage): Promise<number> {
  if (language === "en") return 0;
  let renamed = 0;
  for (const role of DEFAULT_ROLES) {
    const texts = ROLE_TRANSLATIONS[role.key];
    // Serbian Latin is generated from the Cyrillic texts, as in the interface.
    const serbian = texts?.sr;
    const target =
      language === "sr-Latn"
        ? serbian && { name: toSerbianLatin(serbian.name), description: toSerbianLatin(serbian.description) }
        : texts?.[language];
    if (!target) continue;
    const res = await trx
      .updateTable("roles")
      .set({ name: target.name, description: target.description })
      .where("key", "=", role.key)
      .where("name", "=", role.name)
      .where("description", "=", role.description)
      // Role names are unique (case-insensitively): never collide with a role someone already created.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("roles as other")
              .select("other.id")
              .where(sql`lower(other.name)`, "=", target.name.toLowerCase())
              // The role itself may already carry the name ("Administrator" in English and Serbian Latin).
              .where(sql<boolean>`other.key is distinct from ${role.key}`),
          ),
        ),
      )
      .executeTakeFirst();
    renamed += Number(res.numUpdatedRows);
  }
  return renamed;
}
