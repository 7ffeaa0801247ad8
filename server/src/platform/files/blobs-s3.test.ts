import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { blobStore } from "./blobs.js";
import { s3BlobStore } from "./blobs-s3.js";
import { FileTooLargeError } from "./storage.js";

/** A real S3-compatible HTTP server (s3rver: the S3 REST protocol over a local directory) on a free port. */
describe("S3-compatible blob store", () => {
  let server: { run(): Promise<{ port: number }>; close(): Promise<void> };
  let store: ReturnType<typeof s3BlobStore>;
  let url = "";
  beforeAll(async () => {
    server = new S3rver({
      port: 0,
      address: "127.0.0.1",
      silent: true,
      directory: mkdtempSync(path.join(tmpdir(), "tandem-s3-")),
      configureBuckets: [{ name: "tandem" }],
    });
    const { port } = await server.run();
    url = `http://127.0.0.1:${port}/tandem/crm`;
    store = s3BlobStore({
      url,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("streams a multipart upload to its content address, dedups, reads back, lists and deletes", async () => {
    // 20 MiB in 1 MiB pieces: three 8 MiB parts of the multipart upload.
    const piece = Buffer.alloc(1024 * 1024, 0x61);
    const pieces = () => Readable.from(Array.from({ length: 20 }, () => piece));
    const first = await store.put(pieces(), { limitBytes: 50 * 1024 * 1024 });
    expect(first.size).toBe(20 * 1024 * 1024);
    const again = await store.put(pieces(), { limitBytes: 50 * 1024 * 1024 });
    expect(again.sha256).toBe(first.sha256);
    expect(await store.stat(first.sha256)).toEqual({ size: 20 * 1024 * 1024 });

    const small = await store.put(Readable.from([Buffer.from("hello s3")]), { limitBytes: 1024 });
    expect(await text(await store.get(small.sha256))).toBe("hello s3");
    const listed: string[] = [];
    for await (const b of store.list()) listed.push(b.sha256);
    expect(listed.sort()).toEqual([first.sha256, small.sha256].sort());
    // Nothing left under tmp/ once writes finished.
    expect(await store.sweepTemp(0)).toBe(0);

    await store.delete(small.sha256);
    expect(await store.stat(small.sha256)).toBeNull();
    await expect(store.get(small.sha256)).rejects.toMatchObject({ status: 404 });
  });

  it("an oversized or refused write leaves no object behind", async () => {
    const listAll = async () => {
      const out: string[] = [];
      for await (const b of store.list()) out.push(b.sha256);
      return out.sort();
    };
    const before = await listAll();
    const big = Readable.from(Array.from({ length: 3 }, () => Buffer.alloc(1024, 1)));
    await expect(store.put(big, { limitBytes: 2048 })).rejects.toBeInstanceOf(FileTooLargeError);
    const refused = store.put(Readable.from([Buffer.from("MZ program")]), {
      limitBytes: 1024,
      inspect: () => {
        throw new Error("refused");
      },
    });
    await expect(refused).rejects.toThrow("refused");
    expect(await listAll()).toEqual(before);
    expect(await store.sweepTemp(0)).toBe(0);
  });

  it("is the store FILES_S3_URL selects (the SDK loaded on its first use): same bucket, same objects", async () => {
    const config = loadConfig(
      {
        NODE_ENV: "test",
        DATABASE_URL: "postgres://unused@127.0.0.1:1/unused",
        FILES_S3_URL: url,
        FILES_S3_ACCESS_KEY_ID: "S3RVER",
        FILES_S3_SECRET_ACCESS_KEY: "S3RVER",
      },
      [],
    );
    const configured = blobStore(config);
    expect(configured.kind).toBe("s3");
    const put = await configured.put(Readable.from([Buffer.from("through the config")]), {
      limitBytes: 1024,
    });
    expect(await text(await store.get(put.sha256))).toBe("through the config");
    expect(await configured.stat(put.sha256)).toEqual({ size: 18 });
    const listed: string[] = [];
    for await (const b of configured.list()) listed.push(b.sha256);
    expect(listed).toContain(put.sha256);
    expect(await configured.sweepTemp(0)).toBe(0);
    await configured.delete(put.sha256);
    await expect(configured.get(put.sha256)).rejects.toMatchObject({ status: 404 });
  });
});
