import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { contactVCard } from "./writers.js";

describe("vCard ADR and phone extensions", () => {
  const card = contactVCard({
    name: "Ann Lee",
    first_name: "Ann",
    last_name: "Lee",
    phones: [{ kind: "work", raw: "+1-424-237-0336x51924", e164: "+14242370336", extension: "51924" }],
    address: {
      street: "Main St",
      building: "5",
      city: "Brookeshire",
      region: "TX",
      postalCode: "77423",
      country: "US",
    },
  });

  it("puts the city in the locality component and keeps the extension in the tel URI", () => {
    expect(card).toContain("ADR:;;Main St 5;Brookeshire;TX;77423;US\r\n");
    expect(card).toContain("TEL;VALUE=uri;TYPE=work:tel:+14242370336;ext=51924\r\n");
    const vcard = new ICAL.Component(ICAL.parse(card));
    const adr = vcard.getFirstPropertyValue("adr") as unknown as string[];
    expect(adr[3]).toBe("Brookeshire");
    expect(adr[2]).toBe("Main St 5");
    expect(vcard.getFirstPropertyValue("tel")).toBe("tel:+14242370336;ext=51924");
  });

  it("a city alone gives only the locality; no address gives no ADR", () => {
    expect(contactVCard({ name: "X", address: { city: "Kazan" } })).toContain("ADR:;;;Kazan;;;\r\n");
    expect(contactVCard({ name: "X", address: null })).not.toContain("ADR");
  });
});
