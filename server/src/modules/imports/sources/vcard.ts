/**
 * Reads vCard 2.1/3.0/4.0 files into rows with fixed columns, so a .vcf import goes through the same mapping,
 * validation and writing as a spreadsheet.
 */
export const VCARD_COLUMNS = [
  "Full name",
  "Last name",
  "First name",
  "Middle name",
  "Email",
  "Email 2",
  "Phone",
  "Phone 2",
  "Organization",
  "Title",
  "Birthday",
  "Address",
  "Note",
  "Mobile",
  "City",
  "Region",
  "Postal code",
  "Country",
] as const;

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Splits a stream of text into cards and each card into a row of VCARD_COLUMNS. */
export async function* vcardRows(text: AsyncIterable<string>): AsyncGenerator<string[]> {
  let buffer = "";
  for await (const piece of text) {
    buffer += piece;
    let end = buffer.search(/\r?\nEND:VCARD/i);
    while (end >= 0) {
      const stop = buffer.indexOf("\n", end + 1);
      const cardEnd = stop < 0 ? buffer.length : stop;
      const card = buffer.slice(0, end);
      buffer = buffer.slice(cardEnd + 1);
      const begin = card.search(/BEGIN:VCARD/i);
      if (begin >= 0) yield cardToRow(parseCard(card.slice(begin)));
      end = buffer.search(/\r?\nEND:VCARD/i);
    }
  }
}

export function parseCard(text: string): Property[] {
  const unfolded = text.replace(/\r?\n[ \t]/g, "");
  const props: Property[] = [];
  for (const line of joinSoftBreaks(unfolded.split(/\r?\n/))) {
    const colon = findUnquoted(line, ":");
    if (colon < 0) continue;
    const [rawName = "", ...paramParts] = splitUnquoted(line.slice(0, colon), ";");
    const name = rawName.replace(/^[^.]*\./, "").toUpperCase();
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf("=");
      const key = eq < 0 ? "TYPE" : p.slice(0, eq).toUpperCase();
      const value = eq < 0 ? p : p.slice(eq + 1).replace(/^"|"$/g, "");
      // 2.1 writes bare types (TEL;CELL;PREF), 3.0 repeats them (type=WORK;type=pref): collect them all.
      params[key] = key === "TYPE" ? [params.TYPE, value].filter(Boolean).join(",") : value;
    }
    let value = line.slice(colon + 1);
    if (params.ENCODING?.toUpperCase() === "QUOTED-PRINTABLE") value = decodeQuotedPrintable(value);
    props.push({ name, params, value });
  }
  return props;
}

function cardToRow(props: Property[]): string[] {
  const all = (n: string) => props.filter((p) => p.name === n);
  const first = (n: string) => all(n)[0];
  const n = first("N") ? splitUnquoted(first("N")?.value ?? "", ";", true).map(unescapeText) : [];
  const emails = byPreference(all("EMAIL")).map((p) => unescapeText(p.value));
  // The first cell number is the mobile phone, the others are phones (the export writes mobile as TYPE=cell).
  const tels = byPreference(all("TEL"));
  const mobile = tels.find((p) => /(^|,)cell(,|$)/i.test(p.params.TYPE ?? ""));
  const phones = tels.filter((p) => p !== mobile).map(telText);
  const org = first("ORG") ? splitUnquoted(first("ORG")?.value ?? "", ";", true).map(unescapeText) : [];
  const adr = first("ADR") ? splitUnquoted(first("ADR")?.value ?? "", ";", true).map(unescapeText) : [];
  const text = (name: string) => unescapeText(first(name)?.value ?? "");
  return [
    text("FN"),
    n[0] ?? "",
    n[1] ?? "",
    n[2] ?? "",
    emails[0] ?? "",
    emails[1] ?? "",
    phones[0] ?? "",
    phones[1] ?? "",
    org[0] ?? "",
    text("TITLE"),
    vcardDate(text("BDAY")),
    // ADR (RFC 6350 §6.3.1): post office box, extended address, street, locality, region, code, country.
    adr.slice(0, 3).filter(Boolean).join(", "),
    text("NOTE"),
    mobile ? telText(mobile) : "",
    adr[3] ?? "",
    adr[4] ?? "",
    adr[5] ?? "",
    adr[6] ?? "",
  ];
}

/** A TEL value as people write it: 4.0 `tel:` URIs with an extension (`tel:+1-418-656-9254;ext=102`) keep it. */
function telText(p: Property): string {
  if (!/^tel:/i.test(p.value)) return unescapeText(p.value);
  const [number = "", ...params] = p.value.slice(4).split(";");
  const ext = params.find((x) => /^ext=/i.test(x))?.slice(4);
  return unescapeText(ext ? `${number} ext. ${ext}` : number);
}

/**
 * `19850203` / `1985-02-03` / `1985-02-03T00:00:00Z` → ISO date. A date without a year (`--0203`, 4.0 and
 * Apple) cannot be stored and is left out; anything else is kept unchanged for validation to report.
 */
function vcardDate(v: string): string {
  if (/^--\d{2}-?\d{2}$/.test(v)) return "";
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(T.*)?$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
}

/** Preferred values first: 4.0 `PREF=1` (lower is preferred), 3.0 `TYPE=pref`, 2.1 bare `PREF`. */
function byPreference(props: Property[]): Property[] {
  const rank = (p: Property) => {
    const n = Number(p.params.PREF);
    if (Number.isInteger(n) && n >= 1) return n;
    return /(^|,)pref(,|$)/i.test(p.params.TYPE ?? "") ? 1 : 101;
  };
  return props
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map((x) => x.p);
}

/** Quoted-printable (2.1) continues a value on the next line after a trailing `=` (a soft line break). */
function joinSoftBreaks(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? "";
    const colon = findUnquoted(line, ":");
    if (colon >= 0 && /ENCODING=QUOTED-PRINTABLE/i.test(line.slice(0, colon))) {
      while (line.endsWith("=") && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? "");
    }
    out.push(line);
  }
  return out;
}

export function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

function findUnquoted(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ch && !quoted) return i;
  }
  return -1;
}

/** Splits on `sep` outside quotes; with `escaped`, a backslash-escaped separator does not split. */
function splitUnquoted(s: string, sep: string, escaped = false): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? "";
    if (escaped && c === "\\" && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"' && !escaped) quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function decodeQuotedPrintable(v: string): string {
  const bytes = Buffer.from(
    v.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    "latin1",
  );
  return bytes.toString("utf8");
}
