import { describe, expect, it } from "vitest";
import { smsSegments } from "./segments";

describe("composer segment counter", () => {
  it("counts GSM-7 (160/153) and UCS-2 for Cyrillic (70/67)", () => {
    expect(smsSegments("a".repeat(160)).segments).toBe(1);
    expect(smsSegments("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(smsSegments("Ж".repeat(70))).toMatchObject({ encoding: "ucs2", segments: 1 });
    expect(smsSegments("Ж".repeat(71))).toMatchObject({ segments: 2, remaining: 63 });
  });
});
