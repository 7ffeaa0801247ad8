import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, loadSecretKeys, SecretUnreadableError } from "./secret-box.js";

describe("secret box", () => {
  const key = randomBytes(32);

  it("seals with a fresh IV and opens back, Cyrillic and NUL included", () => {
    const box = createSecretBox([key]);
    const plain = "пароль\u0000app-password 🔑";
    const a = box.seal(plain);
    const b = box.seal(plain);
    expect(a).not.toBe(b);
    expect(a).not.toContain("app-password");
    expect(box.open(a)).toBe(plain);
    expect(box.open(b)).toBe(plain);
  });

  it("refuses a tampered, truncated or foreign-key secret", () => {
    const box = createSecretBox([key]);
    const sealed = box.seal("secret");
    const [v, id, packed] = sealed.split(":") as [string, string, string];
    const raw = Buffer.from(packed, "base64");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`${v}:${id}:${raw.toString("base64")}`)).toThrow(SecretUnreadableError);
    expect(() => box.open(`${v}:${id}:AAAA`)).toThrow(SecretUnreadableError);
    expect(() => box.open("plain text")).toThrow(SecretUnreadableError);
    expect(() => createSecretBox([randomBytes(32)]).open(sealed)).toThrow(SecretUnreadableError);
  });

  it("rotates: the first key seals, every listed key opens", () => {
    const old = createSecretBox([key]);
    const sealedWithOld = old.seal("kept");
    const next = randomBytes(32);
    const rotated = createSecretBox([next, key]);
    expect(rotated.open(sealedWithOld)).toBe("kept");
    expect(createSecretBox([next]).open(rotated.seal("new"))).toBe("new");
  });

  it("reads SECRETS_KEY, rejects a wrong length, and creates one 0600 key file in the data dir", () => {
    expect(loadSecretKeys(key.toString("base64"), "/nonexistent")[0]?.equals(key)).toBe(true);
    expect(() => loadSecretKeys("c2hvcnQ=", "/nonexistent")).toThrow(/32 random bytes/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-secrets-"));
    const first = loadSecretKeys(undefined, dir);
    const again = loadSecretKeys(undefined, dir);
    expect(first[0]?.equals(again[0] as Buffer)).toBe(true);
    expect(fs.statSync(path.join(dir, "secrets.key")).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["secrets.key"]);
    fs.rmSync(dir, { recursive: true });
  });
});
