/** Demo people and organisations (fictional). Russian and English, with a few Serbian and Kazakh records. */

export const DEMO_PASSWORD = "Tandem-demo-2026";

export const DEMO_TEAMS = ["Sales Moscow", "Sales Balkans & Central Asia"] as const;

export const DEMO_USERS = [
  {
    email: "anna.smirnova@demo.tandem-crm.org",
    name: "Анна Смирнова",
    role: "head_of_sales",
    team: 0,
    language: "ru",
    tz: "Europe/Moscow",
  },
  {
    email: "dmitry.volkov@demo.tandem-crm.org",
    name: "Дмитрий Волков",
    role: "sales_manager",
    team: 0,
    language: "ru",
    tz: "Europe/Moscow",
  },
  {
    email: "olga.kuznetsova@demo.tandem-crm.org",
    name: "Ольга Кузнецова",
    role: "marketer",
    team: 0,
    language: "ru",
    tz: "Europe/Moscow",
  },
  {
    email: "marko.jovanovic@demo.tandem-crm.org",
    name: "Marko Jovanović",
    role: "sales_manager",
    team: 1,
    language: "sr",
    tz: "Europe/Belgrade",
  },
  {
    email: "aigerim.nurlanova@demo.tandem-crm.org",
    name: "Айгерим Нурланова",
    role: "sales_manager",
    team: 1,
    language: "kk",
    tz: "Asia/Almaty",
  },
  {
    email: "emily.carter@demo.tandem-crm.org",
    name: "Emily Carter",
    role: "support_agent",
    team: null,
    language: "en",
    tz: "Europe/London",
  },
] as const;

export interface DemoCompany {
  name: string;
  legal?: string;
  country: "RU" | "RS" | "KZ" | "GB" | "US";
  city: string;
  industry: string;
  types: string[];
  taxKind?: "INN" | "PIB" | "BIN" | "VAT";
  phone: string;
  domain: string;
  owner: number;
  tags?: string[];
  rating?: "A" | "B" | "C" | "D";
}

export const DEMO_COMPANIES: DemoCompany[] = [
  {
    name: "Северный Ветер",
    legal: "ООО «Северный Ветер»",
    country: "RU",
    city: "Москва",
    industry: "Логистика",
    types: ["customer"],
    taxKind: "INN",
    phone: "+7 495 123-45-01",
    domain: "sevveter.ru",
    owner: 1,
    tags: ["vip"],
    rating: "A",
  },
  {
    name: "ТехноПарк Инжиниринг",
    legal: "АО «ТехноПарк Инжиниринг»",
    country: "RU",
    city: "Санкт-Петербург",
    industry: "Машиностроение",
    types: ["customer", "partner"],
    taxKind: "INN",
    phone: "+7 812 555-10-20",
    domain: "technopark-eng.ru",
    owner: 1,
    rating: "B",
  },
  {
    name: "Байкал Фуд",
    legal: "ООО «Байкал Фуд»",
    country: "RU",
    city: "Иркутск",
    industry: "Пищевая промышленность",
    types: ["prospect"],
    taxKind: "INN",
    phone: "+7 3952 20-30-40",
    domain: "baikalfood.ru",
    owner: 1,
  },
  {
    name: "Медтех Системы",
    legal: "ООО «Медтех Системы»",
    country: "RU",
    city: "Москва",
    industry: "Медицина",
    types: ["customer"],
    taxKind: "INN",
    phone: "+7 495 777-88-99",
    domain: "medtech-sys.ru",
    owner: 0,
    tags: ["tender"],
    rating: "A",
  },
  {
    name: "Уральские Сплавы",
    legal: "ПАО «Уральские Сплавы»",
    country: "RU",
    city: "Екатеринбург",
    industry: "Металлургия",
    types: ["supplier"],
    taxKind: "INN",
    phone: "+7 343 310-11-12",
    domain: "uralsplav.ru",
    owner: 0,
  },
  {
    name: "Волга Агро",
    legal: "ООО «Волга Агро»",
    country: "RU",
    city: "Самара",
    industry: "Сельское хозяйство",
    types: ["prospect"],
    taxKind: "INN",
    phone: "+7 846 200-40-50",
    domain: "volga-agro.ru",
    owner: 1,
  },
  {
    name: "СтройИнвест Групп",
    legal: "ООО «СтройИнвест Групп»",
    country: "RU",
    city: "Казань",
    industry: "Строительство",
    types: ["customer"],
    taxKind: "INN",
    phone: "+7 843 567-89-01",
    domain: "stroyinvest.ru",
    owner: 1,
    tags: ["b2b"],
    rating: "C",
  },
  {
    name: "Цифровые Решения",
    legal: "ООО «Цифровые Решения»",
    country: "RU",
    city: "Новосибирск",
    industry: "IT",
    types: ["partner"],
    taxKind: "INN",
    phone: "+7 383 230-00-77",
    domain: "digisol.ru",
    owner: 2,
  },
  {
    name: "Brightline Logistics",
    legal: "Brightline Logistics Ltd",
    country: "GB",
    city: "London",
    industry: "Logistics",
    types: ["customer"],
    taxKind: "VAT",
    phone: "+44 20 7946 0101",
    domain: "brightline.co.uk",
    owner: 1,
    rating: "B",
  },
  {
    name: "Northwind Analytics",
    legal: "Northwind Analytics Inc.",
    country: "US",
    city: "Boston",
    industry: "IT",
    types: ["prospect"],
    phone: "+1 617 555 0142",
    domain: "northwind-analytics.com",
    owner: 1,
  },
  {
    name: "Greenfield Energy",
    legal: "Greenfield Energy plc",
    country: "GB",
    city: "Manchester",
    industry: "Energy",
    types: ["customer"],
    taxKind: "VAT",
    phone: "+44 161 496 0123",
    domain: "greenfield-energy.co.uk",
    owner: 0,
    tags: ["vip"],
    rating: "A",
  },
  {
    name: "Atlas Medical Supplies",
    legal: "Atlas Medical Supplies LLC",
    country: "US",
    city: "Chicago",
    industry: "Healthcare",
    types: ["supplier"],
    phone: "+1 312 555 0178",
    domain: "atlasmed.com",
    owner: 0,
  },
  {
    name: "Delta Trade",
    legal: "Delta Trade d.o.o.",
    country: "RS",
    city: "Beograd",
    industry: "Trgovina",
    types: ["customer"],
    taxKind: "PIB",
    phone: "+381 11 3201 456",
    domain: "deltatrade.rs",
    owner: 3,
    rating: "B",
  },
  {
    name: "Panonija Agrar",
    legal: "Panonija Agrar d.o.o.",
    country: "RS",
    city: "Novi Sad",
    industry: "Poljoprivreda",
    types: ["prospect"],
    taxKind: "PIB",
    phone: "+381 21 4800 123",
    domain: "panonija-agrar.rs",
    owner: 3,
  },
  {
    name: "Morava Soft",
    legal: "Morava Soft d.o.o.",
    country: "RS",
    city: "Niš",
    industry: "IT",
    types: ["partner", "customer"],
    taxKind: "PIB",
    phone: "+381 18 4150 200",
    domain: "moravasoft.rs",
    owner: 3,
    tags: ["b2b"],
  },
  {
    name: "Алматы Агро",
    legal: "ТОО «Алматы Агро»",
    country: "KZ",
    city: "Алматы",
    industry: "Сельское хозяйство",
    types: ["customer"],
    taxKind: "BIN",
    phone: "+7 727 250 1234",
    domain: "almaty-agro.kz",
    owner: 4,
    rating: "B",
  },
  {
    name: "Астана Стройсервис",
    legal: "ТОО «Астана Стройсервис»",
    country: "KZ",
    city: "Астана",
    industry: "Строительство",
    types: ["prospect"],
    taxKind: "BIN",
    phone: "+7 7172 55 66 77",
    domain: "astana-ss.kz",
    owner: 4,
  },
  {
    name: "Каспий Ойл Сервис",
    legal: "АО «Каспий Ойл Сервис»",
    country: "KZ",
    city: "Атырау",
    industry: "Нефть и газ",
    types: ["customer"],
    taxKind: "BIN",
    phone: "+7 7122 30 40 50",
    domain: "caspian-os.kz",
    owner: 4,
    tags: ["vip", "tender"],
    rating: "A",
  },
];

/**
 * Demo people's names by country, in groups whose first and last names agree in gender (Russian and Kazakh
 * surnames change with it: "Алексей Новиков", "Мария Новикова", never "Алексей Новикова").
 */
export const PERSON_NAMES: Record<string, { first: string[]; last: string[] }[]> = {
  RU: [
    { first: ["Алексей", "Сергей", "Иван", "Павел"], last: ["Иванов", "Соколов", "Лебедев", "Козлов"] },
    {
      first: ["Мария", "Екатерина", "Наталья", "Татьяна"],
      last: ["Петрова", "Морозова", "Новикова", "Орлова"],
    },
  ],
  GB: [
    {
      first: ["Oliver", "Charlotte", "James", "Amelia", "Harry", "Sophie"],
      last: ["Smith", "Taylor", "Brown", "Wilson", "Evans", "Walker"],
    },
  ],
  US: [
    {
      first: ["Michael", "Jessica", "David", "Emily", "Daniel", "Ashley"],
      last: ["Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez"],
    },
  ],
  RS: [
    {
      first: ["Nikola", "Jelena", "Stefan", "Milica", "Luka", "Ana"],
      last: ["Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić"],
    },
  ],
  KZ: [
    { first: ["Ерлан", "Нурсултан", "Асет"], last: ["Ахметов", "Жумабаев", "Оспанов", "Сейткали"] },
    { first: ["Айгуль", "Динара", "Жанар"], last: ["Касымова", "Бекова", "Ахметова", "Сейткали"] },
  ],
};
export const POSITIONS = [
  "CEO",
  "Procurement manager",
  "CFO",
  "Head of IT",
  "Office manager",
  "Коммерческий директор",
  "Главный инженер",
];
export const CURRENCY: Record<string, string> = { RU: "RUB", GB: "GBP", US: "USD", RS: "RSD", KZ: "KZT" };
export const DEAL_TOPICS = [
  "Поставка оборудования",
  "Annual support contract",
  "Внедрение CRM",
  "Logistics services",
  "Licenses renewal",
  "Консалтинг",
  "Pilot project",
  "Сервисное обслуживание",
];
