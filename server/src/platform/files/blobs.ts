import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/config.js";
import { assertSha, BlobNotFoundError, type BlobStore, pump, SHA256 } from "./blob-core.js";
import type { S3Options } from "./blobs-s3.js";

export * from "./blob-core.js";

export function localBlobStore(root: string): BlobStore {
  const tmpDir = path.join(root, "tmp");
  const blobPath = (sha: string) => path.join(root, "blobs", sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    kind: "local",
    async put(source, opts) {
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const tmp = path.join(tmpDir, `${randomUUID()}.part`);
      const fh = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      let closed = false;
      try {
        // Pieces are gathered to ~1 MiB per write(v) call: fewer syscalls and thread-pool round trips.
        let batch: Buffer[] = [];
        let batched = 0;
        const flush = async () => {
          const rest = batch;
          batch = [];
          batched = 0;
          while (rest.length > 0) {
            let written = (await fh.writev(rest)).bytesWritten;
            while (rest.length > 0 && written >= (rest[0] as Buffer).length)
              written -= (rest.shift() as Buffer).length;
            if (written > 0 && rest[0]) rest[0] = rest[0].subarray(written);
          }
        };
        const result = await pump(source, opts, async (chunk) => {
          batch.push(chunk);
          batched += chunk.length;
          if (batched >= 1024 * 1024) await flush();
        });
        await flush();
        await fh.datasync();
        await fh.close();
        closed = true;
        await opts.beforeFinalize?.(result);
        const target = blobPath(result.sha256);
        if (await exists(target)) {
          await rm(tmp, { force: true });
          const now = new Date();
          await utimes(target, now, now); // fresh again for the sweep of blobs no row knows
        } else {
          await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
          await rename(tmp, target);
        }
        return result;
      } catch (err) {
        if (!closed) await fh.close().catch(() => {});
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(sha256) {
      try {
        const fh = await open(blobPath(assertSha(sha256)), "r");
        return fh.createReadStream({ highWaterMark: 256 * 1024 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError();
        throw err;
      }
    },
    async stat(sha256) {
      try {
        return { size: (await stat(blobPath(assertSha(sha256)))).size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async delete(sha256) {
      await rm(blobPath(assertSha(sha256)), { force: true });
    },
    async *list() {
      const base = path.join(root, "blobs");
      for (const a of await readdir(base).catch(() => [] as string[])) {
        for (const b of await readdir(path.join(base, a)).catch(() => [] as string[])) {
          for (const name of await readdir(path.join(base, a, b)).catch(() => [] as string[])) {
            if (!SHA256.test(name)) continue;
            const s = await stat(path.join(base, a, b, name)).catch(() => null);
            if (s) yield { sha256: name, modifiedAt: s.mtime };
          }
        }
      }
    },
    async sweepTemp(olderThanMs) {
      let removed = 0;
      const names = await readdir(tmpDir).catch(() => [] as string[]);
      for (const name of names) {
        const p = path.join(tmpDir, name);
        const s = await stat(p).catch(() => null);
        if (s && Date.now() - s.mtimeMs > olderThanMs) {
          await rm(p, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * The S3 store with the AWS SDK loaded on first use: the SDK is large, and every process (every server test file
 * too) imports this module while few use S3.
 */
function lazyS3BlobStore(opts: S3Options): BlobStore {
  let loaded: Promise<BlobStore> | null = null;
  const store = () => {
    loaded ??= import("./blobs-s3.js").then((m) => m.s3BlobStore(opts));
    return loaded;
  };
  return {
    kind: "s3",
    put: async (source, putOpts) => (await store()).put(source, putOpts),
    get: async (sha256) => (await store()).get(sha256),
    stat: async (sha256) => (await store()).stat(sha256),
    delete: async (sha256) => (await store()).delete(sha256),
    async *list() {
      yield* (await store()).list();
    },
    sweepTemp: async (olderThanMs) => (await store()).sweepTemp(olderThanMs),
  };
}

const stores = new WeakMap<Config, BlobStore>();

/** The process's blob store for this configuration: S3 when `FILES_S3_URL` is set, else `DATA_DIR/files`. */
export function blobStore(config: Config): BlobStore {
  let store = stores.get(config);
  if (!store) {
    store = config.FILES_S3_URL
      ? lazyS3BlobStore({
          url: config.FILES_S3_URL,
          region: config.FILES_S3_REGION,
          accessKeyId: config.FILES_S3_ACCESS_KEY_ID,
          secretAccessKey: config.FILES_S3_SECRET_ACCESS_KEY,
        })
      : localBlobStore(path.join(config.dataDir, "files"));
    stores.set(config, store);
  }
  return store;
}

export { FileContentMismatchError, FileTypeNotAllowedError, putBlob, type StoredBlob } from "./blob-db.js";
