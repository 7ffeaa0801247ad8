/**
 * SMS length: GSM 03.38 text (7-bit, the basic set plus escaped extension characters that count twice) fits
 * 160 characters in one message and 153 per part when split; anything else (Cyrillic, emoji) is UCS-2 with 70
 * and 67 (UTF-16 code units, so an emoji counts 2). The same rules as the server (server/src/modules/sms/segments.ts), so the composer counts live.
 */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export interface SegmentInfo {
  encoding: "gsm7" | "ucs2";
  /** Characters as the network counts them (septets for GSM-7, UTF-16 units for UCS-2). */
  units: number;
  segments: number;
  /** Units per segment for this text (160/153 or 70/67). */
  perSegment: number;
  /** Units left in the last segment. */
  remaining: number;
}

export function smsSegments(text: string): SegmentInfo {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const units = gsm ? septets : text.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  const perSegment = segments > 1 ? multi : single;
  const remaining = segments === 0 ? single : segments * perSegment - units;
  return { encoding: gsm ? "gsm7" : "ucs2", units, segments, perSegment, remaining };
}
