import { PassThrough, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Actor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import type { ExportColumn } from "./columns.js";
import { escapeFormula } from "./formula.js";
import { toVCard } from "./vcard.js";

type Rows = AsyncIterable<Record<string, unknown>>;

/** CSV in UTF-8 with a BOM (Excel opens it correctly), formula-looking cells neutralised. */
export function csvStream(
  rows: Rows,
  columns: ExportColumn[],
  delimiter: string,
  counter: { n: number },
): Readable {
  async function* lines() {
    yield columns.map((c) => escapeFormula(c.label));
    for await (const r of rows) {
      counter.n++;
      yield columns.map((c) => escapeFormula(c.value(r)));
    }
  }
  return Readable.from(lines()).pipe(stringify({ bom: true, delimiter }));
}

/** A number/money value as a numeric cell, a date as a date cell, anything else as escaped text. */
function xlsxCell(c: ExportColumn, r: Record<string, unknown>): string | number | Date | null {
  const typed = c.cell?.(r);
  return typed === undefined ? escapeFormula(c.value(r)) : typed;
}

/**
 * XLSX through exceljs' streaming writer. Text is a string cell (never a formula), and formula-looking ones get
 * the same leading apostrophe as in CSV: a copy-paste of the cell or a re-save as CSV must not turn it into a
 * formula either. Numbers and money are numeric cells, dates and date-times date cells (styles on).
 */
export function xlsxStream(rows: Rows, columns: ExportColumn[], counter: { n: number }): Readable {
  const out = new PassThrough();
  (async () => {
    // exceljs is loaded on first use: every process (and every server test file) imports this module.
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useSharedStrings: false,
      useStyles: true,
    });
    const ws = wb.addWorksheet("Export");
    ws.addRow(columns.map((c) => escapeFormula(c.label))).commit();
    for await (const r of rows) {
      counter.n++;
      ws.addRow(columns.map((c) => xlsxCell(c, r))).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err: Error) => out.destroy(err));
  return out;
}

type Item = Record<string, unknown>;

/** Contact columns a vCard carries, with the field-rule keys that hide each (a hidden city hides the address). */
const CARD_COLUMNS: [column: string, ruleKeys: string[]][] = [
  ["emails", ["emails", "email"]],
  ["phones", ["phones", "phone"]],
  ["birthday", ["birthday"]],
  ["notes", ["notes"]],
  ["position", ["position"]],
  ["address", ["address", "city"]],
];

/** A contact row without the values the actor's role hides, for `contactVCard` (single card and vcf export). */
export function visibleCardRow(actor: Actor, r: Item): Item {
  const out = { ...r };
  for (const [column, keys] of CARD_COLUMNS) {
    if (keys.some((k) => isHidden(actor, "contacts", k))) out[column] = null;
  }
  return out;
}

export function contactVCard(r: Item, companyName?: string | null): string {
  const emails = Array.isArray(r.emails) ? (r.emails as Item[]) : [];
  const phones = Array.isArray(r.phones) ? (r.phones as Item[]) : [];
  const address = r.address as Item | null;
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return toVCard({
    fullName: String(r.name ?? ""),
    lastName: text(r.last_name),
    firstName: text(r.first_name),
    middleName: text(r.middle_name),
    emails: emails.map((e) => ({ value: String(e.value ?? ""), type: text(e.kind) ?? "work" })),
    phones: phones.map((p) => ({
      value: String(p.e164 ?? p.raw ?? ""),
      type: mapPhoneType(text(p.kind)),
      extension: text(p.extension),
    })),
    organization: companyName ?? null,
    title: text(r.position),
    birthday: text(r.birthday),
    address: address
      ? {
          street: [address.street, address.building].filter((p) => typeof p === "string" && p).join(" "),
          locality: text(address.city),
          region: text(address.region),
          postalCode: text(address.postalCode),
          country: text(address.country),
        }
      : null,
    note: text(r.notes),
    uid: text(r.id) ?? undefined,
    ...(r.updated_at instanceof Date ? { updatedAt: r.updated_at } : {}),
  });
}

function mapPhoneType(kind: string | null): string {
  if (kind === "mobile") return "cell";
  if (kind === "home") return "home";
  if (kind === "fax") return "fax";
  return "work";
}

export function vcfStream(rows: Rows, counter: { n: number }, actor: Actor): Readable {
  async function* cards() {
    for await (const r of rows) {
      counter.n++;
      // The contact's companies arrive by name as the `companies` lookup ("Acme; Vector"): ORG takes the first.
      const company = String(r["_lookup:companies"] ?? "").split("; ")[0] || null;
      yield contactVCard(visibleCardRow(actor, r), company);
    }
  }
  return Readable.from(cards());
}
