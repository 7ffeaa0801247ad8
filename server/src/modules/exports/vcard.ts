/** vCard 4.0 (RFC 6350) writer: escaping of text values and line folding at 75 octets, UTF-8. */
export interface VCardContact {
  fullName: string;
  lastName?: string | null;
  firstName?: string | null;
  middleName?: string | null;
  emails?: { value: string; type?: string }[];
  phones?: { value: string; type?: string; extension?: string | null }[];
  organization?: string | null;
  title?: string | null;
  /** ISO date `YYYY-MM-DD`. */
  birthday?: string | null;
  /** ADR components (RFC 6350 §6.3.1): street (with building), locality, region, postal code, country. */
  address?: VCardAddress | null;
  note?: string | null;
  uid?: string;
  updatedAt?: Date;
}

export interface VCardAddress {
  street?: string | null;
  locality?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/** RFC 6350 §3.4: backslash, comma and newline always; semicolons only inside compound values (N, ADR, ORG). */
export function escapeText(v: string, compound = false): string {
  const out = v
    .replace(/\\/g, "\\\\")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
  return compound ? out.replace(/;/g, "\\;") : out;
}

const TYPE = /^[a-z0-9-]{1,20}$/i;

export function toVCard(c: VCardContact): string {
  const lines: string[] = ["BEGIN:VCARD", "VERSION:4.0"];
  lines.push(`FN:${escapeText(c.fullName || "-")}`);
  const n = [c.lastName, c.firstName, c.middleName, "", ""].map((p) => escapeText(p ?? "", true));
  lines.push(`N:${n.join(";")}`);
  for (const e of c.emails ?? []) {
    if (e.value) lines.push(`EMAIL${typeParam(e.type)}:${escapeText(e.value)}`);
  }
  for (const p of c.phones ?? []) {
    if (!p.value) continue;
    // RFC 3966: the extension as a `;ext=` parameter of the tel URI.
    const ext = p.extension?.replace(/\D/g, "");
    const uri = `tel:${p.value.replace(/[^\d+]/g, "")}${ext ? `;ext=${ext}` : ""}`;
    lines.push(`TEL;VALUE=uri${typeParam(p.type ?? "voice")}:${uri}`);
  }
  if (c.organization) lines.push(`ORG:${escapeText(c.organization, true)}`);
  if (c.title) lines.push(`TITLE:${escapeText(c.title)}`);
  if (c.birthday && /^\d{4}-\d{2}-\d{2}$/.test(c.birthday))
    lines.push(`BDAY:${c.birthday.replace(/-/g, "")}`);
  const a = c.address;
  const adr = a
    ? [a.street, a.locality, a.region, a.postalCode, a.country].map((p) => escapeText(p ?? "", true))
    : [];
  if (adr.some(Boolean)) lines.push(`ADR:;;${adr.join(";")}`);
  if (c.note) lines.push(`NOTE:${escapeText(c.note)}`);
  if (c.uid) lines.push(`UID:urn:uuid:${c.uid}`);
  if (c.updatedAt)
    lines.push(
      `REV:${c.updatedAt
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "")}`,
    );
  lines.push("END:VCARD");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

function typeParam(type: string | undefined): string {
  return type && TYPE.test(type) ? `;TYPE=${type.toLowerCase()}` : "";
}

/** Folds a content line into pieces of at most 75 octets without splitting a UTF-8 character. */
export function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let cur = "";
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > limit) {
      parts.push(cur);
      cur = "";
      bytes = 0;
      limit = 74; // continuation lines start with a space
    }
    cur += ch;
    bytes += b;
  }
  parts.push(cur);
  return parts.join("\r\n ");
}
