import { describe, expect, it } from "vitest";
import { formatPhone, formatPhoneNumber, telHref } from "./phone";

describe("phone display", () => {
  it("groups numbers the national way", () => {
    expect(formatPhoneNumber({ raw: "89161234567", e164: "+79161234567" })).toBe("+7 916 123-45-67");
    expect(formatPhoneNumber({ raw: "8 (701) 555 12 34", e164: "+77015551234" })).toBe("+7 701 555-12-34");
    expect(formatPhoneNumber({ raw: "011 1234567", e164: "+381111234567" })).toBe("+381 11 123 4567");
    expect(formatPhoneNumber({ raw: "064 123 45 67", e164: "+381641234567" })).toBe("+381 64 123 4567");
    expect(formatPhoneNumber({ raw: "2125550100", e164: "+12125550100" })).toBe("+1 212 555-0100");
    expect(formatPhoneNumber({ raw: "+375291234567", e164: "+375291234567" })).toBe("+375 29 123-45-67");
  });

  it("keeps numbers it has no plan for in E.164 and unparsed ones as typed, without doubled spaces", () => {
    expect(formatPhoneNumber({ raw: "+44 20 7946 0958", e164: "+442079460958" })).toBe("+442079460958");
    expect(formatPhoneNumber({ raw: " 12  34 ", e164: null })).toBe("12 34");
    expect(formatPhoneNumber({ raw: "+7 916", e164: "+7916" })).toBe("+7 916");
  });

  it("adds the extension with the interface's word and dials it per RFC 3966", () => {
    const phone = { raw: "+7 495 123-45-67 доб. 12", e164: "+74951234567", extension: "12" };
    expect(formatPhone(phone, "доб.")).toBe("+7 495 123-45-67 доб. 12");
    expect(telHref(phone)).toBe("tel:+74951234567;ext=12");
    expect(telHref({ raw: "(12) 34-5", e164: null })).toBe("tel:12345");
    expect(telHref({ raw: "call me", e164: null })).toBeNull();
  });
});
