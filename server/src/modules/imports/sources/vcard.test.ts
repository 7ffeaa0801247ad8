import { describe, expect, it } from "vitest";
import { VCARD_COLUMNS, vcardRows } from "./vcard.js";

/** Cards as real address books write them (Apple, Google, Outlook, RFC 6350 examples). */
async function rowsOf(text: string, chunk = 7): Promise<Array<Record<string, string>>> {
  async function* pieces() {
    for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
  }
  const out: Array<Record<string, string>> = [];
  for await (const cells of vcardRows(pieces())) {
    out.push(Object.fromEntries(VCARD_COLUMNS.map((c, i) => [c, cells[i] ?? ""])));
  }
  return out;
}

const crlf = (lines: string[]) => `${lines.join("\r\n")}\r\n`;

describe("vCard import parser", () => {
  it("reads an Apple Contacts vCard 3.0 (item groups, repeated type params, pref, escapes, folding)", async () => {
    const [row] = await rowsOf(
      crlf([
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//macOS 14.0//EN",
        "N:Appleseed;John;Q.;Dr.;Jr.",
        "FN:Dr. John Q. Appleseed Jr.",
        "ORG:Apple\\, Inc.;Engineering",
        "TITLE:Senior Engineer\\; Team lead",
        "item1.EMAIL;type=INTERNET;type=HOME:john@home.example",
        "item2.EMAIL;type=INTERNET;type=WORK;type=pref:john@work.example",
        "TEL;type=CELL;type=VOICE:+1 (408) 555-0101",
        "TEL;type=WORK;type=VOICE;type=pref:+1 (408) 555-0199",
        "item3.ADR;type=WORK;type=pref:;;1 Infinite Loop;Cupertino;CA;95014;United S",
        " tates",
        "NOTE:Met at WWDC\\, 2023.\\nFollow up in June.",
        "BDAY;value=date:1985-02-03",
        "END:VCARD",
      ]),
    );
    expect(row).toMatchObject({
      "Full name": "Dr. John Q. Appleseed Jr.",
      "Last name": "Appleseed",
      "First name": "John",
      "Middle name": "Q.",
      Email: "john@work.example",
      "Email 2": "john@home.example",
      Phone: "+1 (408) 555-0199",
      Mobile: "+1 (408) 555-0101",
      Organization: "Apple, Inc.",
      Title: "Senior Engineer; Team lead",
      Birthday: "1985-02-03",
      Address: "1 Infinite Loop",
      City: "Cupertino",
      Region: "CA",
      "Postal code": "95014",
      Country: "United States",
      Note: "Met at WWDC, 2023.\nFollow up in June.",
    });
  });

  it("reads RFC 6350 vCard 4.0 (tel: URIs with parameters, quoted TYPE lists, PREF=, LF endings)", async () => {
    const [row] = await rowsOf(
      [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:Simon Perreault",
        "N:Perreault;Simon;;;ing. jr,M.Sc.",
        "BDAY:--0203",
        "GENDER:M",
        'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102',
        'TEL;VALUE=uri;TYPE="work,cell,voice,video,text":tel:+1-418-262-6501',
        "EMAIL;TYPE=work;PREF=2:simon.perreault@viagenie.example",
        "EMAIL;TYPE=home;PREF=1:simon@home.example",
        "ORG:Viagenie",
        "ADR;TYPE=work:;Suite D2-630;2875 Laurier;Quebec;QC;G1V 2M2;Canada",
        "END:VCARD",
        "",
      ].join("\n"),
    );
    expect(row).toMatchObject({
      "Full name": "Simon Perreault",
      "Last name": "Perreault",
      "First name": "Simon",
      Email: "simon@home.example",
      "Email 2": "simon.perreault@viagenie.example",
      Phone: "+1-418-656-9254 ext. 102",
      Mobile: "+1-418-262-6501",
      Organization: "Viagenie",
      // A birthday without a year cannot be stored as a date.
      Birthday: "",
      Address: "Suite D2-630, 2875 Laurier",
      City: "Quebec",
      Region: "QC",
      "Postal code": "G1V 2M2",
      Country: "Canada",
    });
  });

  it("reads Google and Outlook exports (2.1 quoted-printable with soft breaks, compact dates)", async () => {
    const rows = await rowsOf(
      crlf([
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Анна Смирнова",
        "N:Смирнова;Анна;;;",
        "EMAIL;TYPE=INTERNET;TYPE=WORK:anna@example.ru",
        "EMAIL;TYPE=INTERNET:anna.personal@example.ru",
        "TEL;TYPE=CELL:+7 916 123-45-67",
        "BDAY:19900517",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=9F=D0=B5=D1=82=",
        "=D1=80=D0=BE=D0=B2",
        "TEL;CELL;PREF:+79161112233",
        "TEL;WORK:+74951234567",
        "EMAIL;PREF;INTERNET:ivan@example.ru",
        "BDAY:1980-12-31T00:00:00Z",
        "END:VCARD",
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      "Full name": "Анна Смирнова",
      "Last name": "Смирнова",
      Email: "anna@example.ru",
      "Email 2": "anna.personal@example.ru",
      Phone: "",
      Mobile: "+7 916 123-45-67",
      Birthday: "1990-05-17",
    });
    expect(rows[1]).toMatchObject({
      "Full name": "Иван Петров",
      "Last name": "Петров",
      "First name": "Иван",
      Mobile: "+79161112233",
      Phone: "+74951234567",
      "Phone 2": "",
      Email: "ivan@example.ru",
      Birthday: "1980-12-31",
    });
  });
});
