import { describe, expect, it } from "vitest";
import { smsSegments } from "./segments.js";

describe("SMS segment counter", () => {
  it("counts GSM-7 text: 160 in one, 153 per part", () => {
    expect(smsSegments("a".repeat(160))).toMatchObject({
      encoding: "gsm7",
      units: 160,
      segments: 1,
      remaining: 0,
    });
    expect(smsSegments("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 145 });
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
  });
  it("counts extension characters twice", () => {
    expect(smsSegments("€".repeat(80))).toMatchObject({ encoding: "gsm7", units: 160, segments: 1 });
    expect(smsSegments(`${"€".repeat(80)}a`).segments).toBe(2);
  });
  it("counts Cyrillic as UCS-2: 70 in one, 67 per part", () => {
    expect(smsSegments("П".repeat(70))).toMatchObject({ encoding: "ucs2", segments: 1, remaining: 0 });
    expect(smsSegments("П".repeat(71))).toMatchObject({ segments: 2, perSegment: 67, remaining: 63 });
    expect(smsSegments(`${"a".repeat(100)}ж`)).toMatchObject({ encoding: "ucs2", units: 101, segments: 2 });
    expect(smsSegments("😀").units).toBe(2);
    expect(smsSegments("")).toMatchObject({ segments: 0 });
  });
});
