import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { purgeDeletedFiles } from "../../modules/files/module.js";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { lockBlob } from "./blob-db.js";
import { localBlobStore, putBlob } from "./blobs.js";
import { collectGarbage } from "./gc.js";

const root = mkdtempSync(path.join(tmpdir(), "tandem-gc-"));
const store = localBlobStore(root);
const bytes = (text: string) => Readable.from([Buffer.from(text)]);
const onDisk = (sha: string) =>
  readdirSync(path.join(root, "blobs", sha.slice(0, 2), sha.slice(2, 4))).includes(sha);
const longAgo = new Date(Date.now() - 3 * 24 * 3600_000);

describe("file store garbage collection", () => {
  const t = useTestContext();
  const blobRow = (sha: string) =>
    t.db.selectFrom("file_blobs").select("sha256").where("sha256", "=", sha).executeTakeFirst();
  const age = (sha: string) =>
    t.db.updateTable("file_blobs").set({ touched_at: longAgo }).where("sha256", "=", sha).execute();

  it("deletes unreferenced blobs past the grace period, keeps referenced and fresh ones", async () => {
    const user = await createUser(t.db);
    const orphan = await putBlob(t.db, store, bytes("orphan bytes"), { limitBytes: 1024 });
    const fresh = await putBlob(t.db, store, bytes("fresh bytes"), { limitBytes: 1024 });
    const kept = await putBlob(t.db, store, bytes("attached bytes"), { limitBytes: 1024 });
    await age(orphan.sha256);
    await age(kept.sha256);
    await t.db
      .insertInto("record_files")
      .values({
        entity: "deals",
        record_id: crypto.randomUUID(),
        blob_sha256: kept.sha256,
        name: "a.txt",
        kind: kept.kind,
        content_type: kept.contentType,
        size: String(kept.size),
        created_by: user.id,
      })
      .execute();

    const result = await collectGarbage(t.db, store, { batchSize: 1 });
    expect(result.blobsDeleted).toBeGreaterThanOrEqual(1);
    expect(await blobRow(orphan.sha256)).toBeUndefined();
    expect(onDisk(orphan.sha256)).toBe(false);
    expect(await blobRow(fresh.sha256)).toBeDefined();
    expect(onDisk(fresh.sha256)).toBe(true);
    expect(await blobRow(kept.sha256)).toBeDefined();
    expect(onDisk(kept.sha256)).toBe(true);

    // A removed file's row goes after its retention; then its blob is garbage too.
    await t.db
      .updateTable("record_files")
      .set({ deleted_at: longAgo })
      .where("blob_sha256", "=", kept.sha256)
      .execute();
    expect(await purgeDeletedFiles(t.db, 1)).toBe(1);
    await collectGarbage(t.db, store);
    expect(onDisk(kept.sha256)).toBe(false);
  });

  it("skips a blob whose store is committing right now, and sweeps bytes and temp files no row knows", async () => {
    const busy = await putBlob(t.db, store, bytes("busy bytes"), { limitBytes: 1024 });
    await age(busy.sha256);
    // Another transaction holds the hash (a store of the same bytes finishing): the collector leaves it.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = t.db.transaction().execute(async (trx) => {
      await lockBlob(trx, busy.sha256);
      await trx
        .updateTable("file_blobs")
        .set({ touched_at: new Date() })
        .where("sha256", "=", busy.sha256)
        .execute();
      locked();
      await held;
    });
    await isLocked;
    await collectGarbage(t.db, store);
    release();
    await holder;
    expect(onDisk(busy.sha256)).toBe(true);
    expect(await blobRow(busy.sha256)).toBeDefined();

    // Bytes without a row (a write whose transaction rolled back) go once older than the grace period.
    const stray = await store.put(bytes("stray bytes"), { limitBytes: 1024 });
    const strayFresh = await store.put(bytes("stray but new"), { limitBytes: 1024 });
    const strayPath = path.join(
      root,
      "blobs",
      stray.sha256.slice(0, 2),
      stray.sha256.slice(2, 4),
      stray.sha256,
    );
    utimesSync(strayPath, longAgo, longAgo);
    await mkdir(path.join(root, "tmp"), { recursive: true });
    const deadTemp = path.join(root, "tmp", "dead.part");
    writeFileSync(deadTemp, "half");
    utimesSync(deadTemp, longAgo, longAgo);
    const result = await collectGarbage(t.db, store);
    expect(result.strayBlobsDeleted).toBe(1);
    expect(result.tempRemoved).toBe(1);
    expect(onDisk(stray.sha256)).toBe(false);
    expect(onDisk(strayFresh.sha256)).toBe(true);
  });
});
