import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseMessage } from "./parse.js";
import { type AttachmentSink, parseMessageStream } from "./parse-stream.js";

const when = new Date("2026-12-01T10:00:00Z");

/** A sink that hashes what it reads, slowly (a turn of the event loop per chunk), like a store writing to disk. */
function hashingSink(onChunk: (bytes: number) => void = () => {}) {
  const seen: { sha256: string; size: number }[] = [];
  const sink: AttachmentSink = async (content) => {
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of content) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
      onChunk((chunk as Buffer).length);
      await new Promise((r) => setImmediate(r));
    }
    const out = { sha256: hash.digest("hex"), size };
    seen.push(out);
    return { ...out, stored: true };
  };
  return { sink, seen };
}

const HEAD = [
  "From: =?utf-8?B?0JjQstCw0L0=?= <ivan@acme.test>",
  "To: alice@test.local",
  `Subject: =?koi8-r?B?${iconv.encode("Прайс", "koi8-r").toString("base64")}?=`,
  "Message-ID: <price-list@acme.test>",
  "In-Reply-To: <request@test.local>",
  "Date: Tue, 01 Dec 2026 12:00:00 +0300",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  "Content-Type: text/plain; charset=windows-1251",
  "Content-Transfer-Encoding: base64",
  "",
  iconv.encode("Добрый день! Прайс во вложении.", "windows-1251").toString("base64"),
  "--b1",
  'Content-Type: application/octet-stream; name="price.bin"',
  'Content-Disposition: attachment; filename="price.bin"',
  "Content-Transfer-Encoding: base64",
  "",
  "",
].join("\r\n");

/** The attachment's bytes, chunk by chunk (57 × 1,024 bytes: whole 76-character base64 lines). */
function attachmentChunk(i: number): Buffer {
  return createHash("sha512")
    .update(String(i))
    .digest()
    .subarray(0, 57)
    .toString("hex")
    .repeat(512)
    .slice(0, 57 * 1024)
    .split("")
    .reduce(
      (b, c, k) => {
        b[k] = c.charCodeAt(0) ^ (i & 0xff);
        return b;
      },
      Buffer.alloc(57 * 1024),
    );
}

describe("parseMessageStream: a large message parsed as it arrives", () => {
  it("streams a 24 MB attachment to the sink with a bounded lag, and reads headers and text as parseMessage does", async () => {
    const chunks = Math.ceil((24 * 1024 * 1024) / (57 * 1024));
    const expected = createHash("sha256");
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    async function* source() {
      yield Buffer.from(HEAD, "latin1");
      for (let i = 0; i < chunks; i++) {
        const bytes = attachmentChunk(i);
        expected.update(bytes);
        produced += bytes.length;
        const b64 = bytes.toString("base64");
        yield Buffer.from(`${b64.match(/.{1,76}/g)?.join("\r\n")}\r\n`, "latin1");
      }
      yield Buffer.from("--b1--\r\n", "latin1");
    }
    const { sink, seen } = hashingSink((n) => {
      consumed += n;
      maxAhead = Math.max(maxAhead, produced - consumed);
    });
    const p = await parseMessageStream(Readable.from(source()), when, sink);
    expect(p).not.toBeNull();
    expect(seen).toEqual([{ sha256: expected.digest("hex"), size: produced }]);
    // Never more than a few MB decoded ahead of the sink (mailparser waits for it): no whole-file buffer.
    expect(produced).toBeGreaterThan(24_000_000);
    expect(maxAhead).toBeLessThan(4 * 1024 * 1024);
    expect(p?.attachments).toEqual([
      expect.objectContaining({
        filename: "price.bin",
        size: produced,
        stored: true,
        content: Buffer.alloc(0),
      }),
    ]);
    expect(p?.attachments[0]?.sha256).toBe(seen[0]?.sha256);
    expect(p?.size).toBeGreaterThan(produced);

    // Everything but the attachment's bytes reads as the buffered parse reads it.
    const small = Buffer.concat([
      Buffer.from(HEAD, "latin1"),
      Buffer.from(`${attachmentChunk(1).toString("base64")}\r\n--b1--\r\n`, "latin1"),
    ]);
    const streamed = await parseMessageStream(Readable.from([small]), when, hashingSink().sink);
    const buffered = await parseMessage(small, when);
    const { attachments: a1, ...rest1 } = streamed ?? { attachments: [] };
    const { attachments: a2, ...rest2 } = buffered;
    expect(rest1).toEqual(rest2);
    expect(rest1).toMatchObject({
      subject: "Прайс",
      from: [{ name: "Иван", address: "ivan@acme.test" }],
      inReplyTo: "request@test.local",
      replyText: "Добрый день! Прайс во вложении.",
    });
    expect(a1.map(({ content: _c, stored: _s, ...a }) => a)).toEqual(
      a2.map(({ content: _c, stored: _s, ...a }) => a),
    );
  });

  it("answers null for MIME it cannot read whole (the caller keeps such a message raw)", async () => {
    const noBoundary = Buffer.from(
      "From: a@b.test\r\nSubject: x\r\nContent-Type: multipart/mixed\r\n\r\n--zz\r\nhello\r\n",
      "latin1",
    );
    expect(await parseMessageStream(Readable.from([noBoundary]), when, hashingSink().sink)).toBeNull();
    const boundaryNeverSeen = Buffer.from(
      'From: a@b.test\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="q"\r\n\r\nno parts here\r\n',
      "latin1",
    );
    expect(await parseMessageStream(Readable.from([boundaryNeverSeen]), when, hashingSink().sink)).toBeNull();
    expect((await parseMessage(boundaryNeverSeen, when)).warning).toMatch(/boundary/);
  });

  it("a failing sink fails the parse (the batch is retried), never hangs", async () => {
    const raw = Buffer.concat([
      Buffer.from(HEAD, "latin1"),
      Buffer.from(`${attachmentChunk(2).toString("base64")}\r\n--b1--\r\n`, "latin1"),
    ]);
    const failing: AttachmentSink = async (content) => {
      for await (const _ of content) throw new Error("store unavailable");
      return { sha256: "", size: 0, stored: false };
    };
    await expect(parseMessageStream(Readable.from([raw]), when, failing)).rejects.toThrow(
      "store unavailable",
    );
  });
});
