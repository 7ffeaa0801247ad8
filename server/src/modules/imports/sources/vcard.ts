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
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = findUnquoted(line, ":");
    if (colon < 0) continue;
    const [rawName = "", ...paramParts] = splitUnquoted(line.slice(0, colon), ";");
    const name = rawName.replace(/^[^.]*\./, "").toUpperCase();
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf("=");
      if (eq < 0) params.TYPE = [params.TYPE, p].filter(Boolean).join(",");
      else params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, "");
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
  const emails = all("EMAIL").map((p) => unescapeText(p.value));
  const phones = all("TEL").map((p) => unescapeText(p.value.replace(/^tel:/i, "")));
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
    adr.filter(Boolean).join(", "),
    text("NOTE"),
  ];
}

/** `19850203` / `1985-02-03` / `--0203` (no year) → ISO date or the value unchanged for validation. */
function vcardDate(v: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(T.*)?$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
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
