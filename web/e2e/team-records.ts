import type { Page } from "playwright-core";
import { apiCall } from "./api";

/**
 * What colleagues have already entered before the newcomer's first day (created through the public API, like
 * an integration would): companies, their people, deals in several stages and this week's meetings — so the
 * README's screenshots show a table, a calendar and search results as a working team sees them.
 */
export const TEAM = {
  searchTerm: "Смирнов",
  city: "Москва",
  meeting: "Встреча в «Северсталь Трейд»: условия поставки",
};

interface Created {
  id: string;
}
interface Stage {
  id: string;
  kind: string;
}

const COMPANIES = [
  {
    name: "Северсталь Трейд",
    domain: "severstal-trade.ru",
    industry: "Металлургия",
    city: "Москва",
    phone: "+7 495 120-40-10",
  },
  {
    name: "ТехноПарк Инжиниринг",
    domain: "technopark-eng.ru",
    industry: "Машиностроение",
    city: "Москва",
    phone: "+7 495 230-18-20",
  },
  {
    name: "Альфа Логистик",
    domain: "alfa-logistic.ru",
    industry: "Логистика",
    city: "Санкт-Петербург",
    phone: "+7 812 410-22-30",
  },
  {
    name: "ГК Вектор",
    domain: "gk-vector.ru",
    industry: "Строительство",
    city: "Москва",
    phone: "+7 495 780-03-40",
  },
  {
    name: "Медиа Плюс",
    domain: "mediaplus.ru",
    industry: "Реклама",
    city: "Казань",
    phone: "+7 843 200-11-50",
  },
  {
    name: "Смирнов и партнёры",
    domain: "smirnov-partners.ru",
    industry: "Юридические услуги",
    city: "Москва",
    phone: "+7 495 600-21-60",
  },
];

// [first name, last name, position, company index, mobile, tags, mailbox]
const PEOPLE: [string, string, string, number, string, string[], string][] = [
  ["Иван", "Смирнов", "Коммерческий директор", 0, "+7 916 210-11-01", ["VIP"], "i.smirnov"],
  ["Мария", "Кузнецова", "Главный бухгалтер", 0, "+7 916 220-12-02", [], "m.kuznetsova"],
  ["Дмитрий", "Орлов", "Руководитель отдела закупок", 1, "+7 926 230-13-03", ["закупки"], "d.orlov"],
  ["Алексей", "Новиков", "ИТ-директор", 1, "+7 926 240-14-04", [], "a.novikov"],
  ["Елена", "Волкова", "Генеральный директор", 2, "+7 921 250-15-05", ["VIP"], "e.volkova"],
  ["Сергей", "Морозов", "Менеджер по закупкам", 3, "+7 903 260-16-06", ["закупки"], "s.morozov"],
  ["Наталья", "Лебедева", "Финансовый директор", 3, "+7 903 270-17-07", [], "n.lebedeva"],
  ["Ольга", "Соколова", "Руководитель отдела маркетинга", 4, "+7 917 280-18-08", [], "o.sokolova"],
  ["Андрей", "Смирнов", "Управляющий партнёр", 5, "+7 985 290-19-09", ["VIP"], "a.smirnov"],
];

// [title, company index, contact index, amount, open stage index]
const DEALS: [string, number, number, string, number][] = [
  ["Северсталь: поставка металлопроката", 0, 0, "1250000", 2],
  ["ТехноПарк: внедрение CRM на 40 мест", 1, 2, "480000", 1],
  ["Альфа Логистик: годовой контракт", 2, 4, "2100000", 3],
  ["Вектор: пилотный проект", 3, 5, "150000", 0],
  ["Смирнов и партнёры: годовое обслуживание", 5, 8, "360000", 1],
];

/** `day` days after `from` (clamped to the end of `from`'s Monday-based week) at hh:mm local time. */
function inWeek(from: Date, day: number, hours: number, minutes: number): string {
  const left = 6 - ((from.getDay() + 6) % 7);
  const at = new Date(from);
  at.setDate(from.getDate() + Math.min(day, left));
  at.setHours(hours, minutes, 0, 0);
  return at.toISOString();
}

export async function createTeamRecords(page: Page, tomorrow: Date): Promise<void> {
  const companies: string[] = [];
  for (const company of COMPANIES) {
    const created = await apiCall<Created>(page, "POST", "/api/v1/companies", {
      name: company.name,
      industry: company.industry,
      types: ["customer"],
      addresses: [{ kind: "actual", country: "RU", city: company.city }],
      phones: [{ kind: "work", raw: company.phone }],
    });
    companies.push(created.id);
  }
  const contacts: string[] = [];
  for (const [firstName, lastName, position, company, mobile, tags, mailbox] of PEOPLE) {
    const created = await apiCall<Created>(page, "POST", "/api/v1/contacts", {
      firstName,
      lastName,
      position,
      companies: [{ companyId: companies[company], isPrimary: true }],
      phones: [{ kind: "mobile", raw: mobile }],
      emails: [{ kind: "work", value: `${mailbox}@${COMPANIES[company]?.domain}` }],
      address: { kind: "actual", country: "RU", city: COMPANIES[company]?.city },
      tags,
    });
    contacts.push(created.id);
  }
  const pipelines = await apiCall<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
    page,
    "GET",
    "/api/v1/pipelines",
  );
  const open = (pipelines.items.find((p) => p.isDefault)?.stages ?? []).filter((s) => s.kind === "open");
  const deals: string[] = [];
  for (const [title, company, contact, amount, stage] of DEALS) {
    const created = await apiCall<Created>(page, "POST", "/api/v1/deals", {
      title,
      companyId: companies[company],
      contactId: contacts[contact],
      amount,
      currency: "RUB",
      stageId: open[Math.min(stage, open.length - 1)]?.id,
    });
    deals.push(created.id);
  }
  const link = (entity: string, id: string | undefined) => ({ entity, id });
  const meetings = [
    {
      title: TEAM.meeting,
      type: "meeting",
      at: inWeek(tomorrow, 0, 14, 0),
      minutes: 90,
      deal: 0,
      company: 0,
    },
    {
      title: "Демонстрация системы для ТехноПарка",
      type: "meeting",
      at: inWeek(tomorrow, 1, 11, 0),
      minutes: 60,
      deal: 1,
      company: 1,
    },
    {
      title: "Позвонить Елене Волковой: продление",
      type: "call",
      at: inWeek(tomorrow, 2, 9, 30),
      minutes: 30,
      deal: 2,
      company: 2,
    },
    {
      title: "Подписание договора с «ГК Вектор»",
      type: "meeting",
      at: inWeek(tomorrow, 3, 15, 0),
      minutes: 60,
      deal: 3,
      company: 3,
    },
    {
      title: "Обсудить договор со «Смирнов и партнёры»",
      type: "call",
      at: inWeek(tomorrow, 2, 16, 0),
      minutes: 30,
      deal: 4,
      company: 5,
    },
    {
      title: "Встреча с юристами: проект договора",
      type: "meeting",
      at: inWeek(tomorrow, 4, 12, 0),
      minutes: 60,
      deal: 4,
      company: 5,
    },
  ];
  for (const meeting of meetings) {
    await apiCall(page, "POST", "/api/v1/tasks", {
      title: meeting.title,
      type: meeting.type,
      dueAt: meeting.at,
      durationMinutes: meeting.minutes,
      links: [link("deals", deals[meeting.deal]), link("companies", companies[meeting.company])],
    });
  }
}
