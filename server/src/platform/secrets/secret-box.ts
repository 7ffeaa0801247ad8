import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors.js";

/**
 * Encrypts credentials kept in the database (mailbox passwords, SMS provider keys, webhook secrets) with
 * AES-256-GCM, so a database dump alone never reveals them. The key lives outside the database: `SECRETS_KEY`
 * (base64 of 32 bytes; several comma-separated keys rotate — the first seals, every one opens) or
 * `DATA_DIR/secrets.key`, created on first start.
 */
export interface SecretBox {
  /** "v1:<key id>:<base64 iv|tag|ciphertext>" — a fresh IV every time, so equal secrets seal differently. */
  seal(plain: string): string;
  open(sealed: string): string;
}

export class SecretUnreadableError extends AppError {
  constructor() {
    super(500, "secret_unreadable", "A stored secret cannot be decrypted with the configured SECRETS_KEY.");
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

function parseKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) throw new Error(`${source} must be the base64 encoding of 32 random bytes`);
  return key;
}

export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new Error("a secret box needs at least one key");
  const byId = new Map(keys.map((k) => [keyId(k), k]));
  const current = keys[0] as Buffer;
  const currentId = keyId(current);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
      return `v1:${currentId}:${packed}`;
    },
    open(sealed) {
      const [version, id, packed] = sealed.split(":");
      const key = id ? byId.get(id) : undefined;
      if (version !== "v1" || !key || !packed) throw new SecretUnreadableError();
      const raw = Buffer.from(packed, "base64");
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError();
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SecretUnreadableError();
      }
    },
  };
}

/**
 * The keys from `SECRETS_KEY`, else the one in `<dataDir>/secrets.key` (created 0600 on first use; a server and a
 * worker starting at once agree on one key because the file appears atomically by `link`).
 */
export function loadSecretKeys(secretsKey: string | undefined, dataDir: string): Buffer[] {
  if (secretsKey) return secretsKey.split(",").map((k, i) => parseKey(k, `SECRETS_KEY (key ${i + 1})`));
  const file = path.join(dataDir, "secrets.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return [parseKey(fs.readFileSync(file, "utf8"), file)];
}
