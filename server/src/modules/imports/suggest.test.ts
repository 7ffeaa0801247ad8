import { describe, expect, it } from "vitest";
import { entityCatalog } from "../../platform/records/catalog.js";
import { modules } from "../index.js";
import { type ImportEntity, standardImportFields } from "./fields.js";
import { suggestMapping } from "./suggest.js";

// The standard targets are the entities' declared imports: the catalogue the server builds at start.
entityCatalog().add(modules.flatMap((m) => m.entities ?? []));

/** The suggestion for each header by name (unmapped headers are absent). */
function suggest(entity: ImportEntity, headers: string[], drop: string[] = []) {
  const fields = standardImportFields(entity).filter((f) => !drop.includes(f.key));
  const mapping = suggestMapping(headers, fields);
  return Object.fromEntries(Object.entries(mapping).map(([i, key]) => [headers[Number(i)], key]));
}

describe("mapping suggestions for real customer files", () => {
  it("maps a US customer list: numbered phones, the company link, city and country", () => {
    const headers = [
      "Index",
      "Customer Id",
      "First Name",
      "Last Name",
      "Company",
      "City",
      "Country",
      "Phone 1",
      "Phone 2",
      "Email",
      "Subscription Date",
      "Website",
      "Mobile",
    ];
    expect(suggest("contacts", headers)).toEqual({
      "Customer Id": "externalId",
      "First Name": "firstName",
      "Last Name": "lastName",
      Company: "company",
      City: "city",
      Country: "country",
      "Phone 1": "phone",
      "Phone 2": "phone2",
      Email: "email",
      // A contact has no website: it goes to the company the import creates from the row.
      Website: "company.website",
      Mobile: "mobile",
    });
  });

  it("maps Russian headers: Тел. / Телефон 2 / Мобильный are phones of their kinds, Компания the link", () => {
    const headers = ["Фамилия", "Имя", "Отчество", "Компания", "Должность", "Тел.", "Телефон 2", "Мобильный"];
    expect(suggest("contacts", [...headers, "E-mail", "E-mail 2", "Город", "Страна"])).toEqual({
      Фамилия: "lastName",
      Имя: "firstName",
      Отчество: "middleName",
      Компания: "company",
      Должность: "position",
      "Тел.": "phone",
      "Телефон 2": "phone2",
      Мобильный: "mobile",
      "E-mail": "email",
      "E-mail 2": "email2",
      Город: "city",
      Страна: "country",
    });
    expect(suggest("contacts", ["ФИО", "Организация", "Сотовый"])).toEqual({
      ФИО: "name",
      Организация: "company",
      Сотовый: "mobile",
    });
  });

  it("maps Kazakh and Serbian headers", () => {
    expect(
      suggest("contacts", ["Тегі", "Аты", "Компания атауы", "Ұялы телефон", "Телефон 2", "Қала", "Ел"]),
    ).toEqual({
      Тегі: "lastName",
      Аты: "firstName",
      "Компания атауы": "company",
      "Ұялы телефон": "mobile",
      "Телефон 2": "phone2",
      Қала: "city",
      Ел: "country",
    });
    expect(
      suggest("contacts", ["Prezime", "Ime", "Kompanija", "Telefon", "Mobilni", "Grad", "Država"]),
    ).toEqual({
      Prezime: "lastName",
      Ime: "firstName",
      Kompanija: "company",
      Telefon: "phone",
      Mobilni: "mobile",
      Grad: "city",
      Država: "country",
    });
    expect(suggest("contacts", ["Презиме", "Име", "Компанија", "Мобилни телефон"])).toEqual({
      Презиме: "lastName",
      Име: "firstName",
      Компанија: "company",
      "Мобилни телефон": "mobile",
    });
  });

  it("never suggests a company column as the contact's own name", () => {
    for (const header of ["Компания", "Организация", "Company", "Kompanija", "Компания атауы", "Фирма"]) {
      expect(suggest("contacts", [header])).toEqual({ [header]: "company" });
      // Without the company field (hidden from the importer) the column stays unmapped rather than a name.
      expect(suggest("contacts", [header], ["company"])).toEqual({});
      expect(suggest("deals", [header])).toEqual({ [header]: "company" });
    }
  });

  it("maps a company column to the company's own name when importing companies, with website and phones", () => {
    expect(suggest("companies", ["Компания", "Website", "Country", "Phone 1", "Phone 2", "Mobile"])).toEqual({
      Компания: "name",
      Website: "website",
      Country: "country",
      "Phone 1": "phone",
      "Phone 2": "phone2",
      Mobile: "mobile",
    });
    expect(suggest("companies", ["Kompanija", "Sajt", "Država"])).toEqual({
      Kompanija: "name",
      Sajt: "website",
      Država: "country",
    });
    expect(suggest("companies", ["Компания атауы", "Сайт", "Ел"])).toEqual({
      "Компания атауы": "name",
      Сайт: "website",
      Ел: "country",
    });
  });

  it("leaves a numbered header unmapped when its concept has no free field", () => {
    expect(suggest("contacts", ["Phone 1", "Phone 2", "Phone 3", "Address 2"])).toEqual({
      "Phone 1": "phone",
      "Phone 2": "phone2",
    });
  });
});
