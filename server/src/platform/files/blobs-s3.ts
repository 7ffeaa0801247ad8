import { randomUUID } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { AppError } from "../errors.js";
import { assertSha, BlobNotFoundError, type BlobStore, BlobStoreError, pump, SHA256 } from "./blob-core.js";

export interface S3Options {
  /** `http(s)://host[:port]/bucket[/prefix]` (path-style addressing: works with MinIO, Ceph, Yandex, AWS). */
  url: string;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
}

/**
 * Blobs in an S3-compatible bucket: `<prefix>blobs/<sha256>`. A write goes to `<prefix>tmp/<uuid>` with a
 * streaming multipart upload (lib-storage, 8 MiB parts: memory stays flat), then is copied server-side to its
 * content address unless that exists already, and the temp object is removed.
 */
export function s3BlobStore(opts: S3Options): BlobStore {
  const url = new URL(opts.url);
  const [bucket = "", ...rest] = url.pathname.split("/").filter(Boolean);
  const prefix = rest.length > 0 ? `${rest.join("/")}/` : "";
  const client = new S3Client({
    endpoint: url.origin,
    region: opts.region,
    forcePathStyle: true,
    // Many S3-compatible stores reject the newer default checksum trailers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(opts.accessKeyId && opts.secretAccessKey
      ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
      : {}),
  });
  const blobKey = (sha: string) => `${prefix}blobs/${assertSha(sha)}`;
  const missing = (err: unknown) =>
    err instanceof NoSuchKey ||
    err instanceof NotFound ||
    (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
  /** Store failures (the SDK's errors carry `$metadata`, network errors a `code`) become 503; ours pass. */
  const wrap = (err: unknown): never => {
    if (err instanceof AppError || !(err instanceof Error)) throw err;
    if (!("$metadata" in err) && !("code" in err)) throw err;
    throw new BlobStoreError(`The file store failed: ${err.message}`);
  };

  const head = async (key: string) => {
    try {
      return await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (err) {
      if (missing(err)) return null;
      return wrap(err);
    }
  };

  return {
    kind: "s3",
    async put(source, putOpts) {
      const tmpKey = `${prefix}tmp/${randomUUID()}`;
      const body = new PassThrough({ highWaterMark: 1024 * 1024 });
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: tmpKey, Body: body },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
      });
      const done = upload.done();
      done.catch(() => {});
      try {
        const result = await pump(source, putOpts, async (chunk) => {
          if (!body.write(chunk)) await new Promise<void>((resolve) => body.once("drain", resolve));
        });
        body.end();
        await done;
        await putOpts.beforeFinalize?.(result);
        const target = blobKey(result.sha256);
        if (await head(target)) {
          // Fresh again for the sweep of blobs no row knows (a copy onto itself renews LastModified).
          await client.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: target,
              CopySource: `${bucket}/${encodeURI(target)}`,
              MetadataDirective: "REPLACE",
            }),
          );
        } else {
          await client.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: target,
              CopySource: `${bucket}/${encodeURI(tmpKey)}`,
            }),
          );
        }
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: tmpKey }));
        return result;
      } catch (err) {
        body.destroy();
        await upload.abort().catch(() => {});
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: tmpKey })).catch(() => {});
        return wrap(err);
      }
    },
    async get(sha256) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: blobKey(sha256) }));
        return out.Body as Readable;
      } catch (err) {
        if (missing(err)) throw new BlobNotFoundError();
        return wrap(err);
      }
    },
    async stat(sha256) {
      const out = await head(blobKey(sha256));
      return out ? { size: Number(out.ContentLength ?? 0) } : null;
    },
    async delete(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: blobKey(sha256) })).catch(wrap);
    },
    async *list() {
      let token: string | undefined;
      do {
        const page = await client
          .send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}blobs/`, ContinuationToken: token }),
          )
          .catch(wrap);
        for (const obj of page.Contents ?? []) {
          const sha256 = obj.Key?.slice(`${prefix}blobs/`.length) ?? "";
          if (SHA256.test(sha256)) yield { sha256, modifiedAt: obj.LastModified ?? new Date() };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async sweepTemp(olderThanMs) {
      let removed = 0;
      let token: string | undefined;
      do {
        const page = await client
          .send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}tmp/`, ContinuationToken: token }),
          )
          .catch(wrap);
        for (const obj of page.Contents ?? []) {
          if (obj.Key && obj.LastModified && Date.now() - obj.LastModified.getTime() > olderThanMs) {
            await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: obj.Key })).catch(wrap);
            removed++;
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return removed;
    },
  };
}
