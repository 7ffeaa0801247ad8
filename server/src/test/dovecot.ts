import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";

/**
 * A real mail rig for tests: Debian's Dovecot (`dovecot-imapd`) started as its own process on a free port with a
 * temporary configuration, Maildir++ stores and passwd-file users, plus an SMTP server (`smtp-server`) that
 * delivers every accepted message into the recipient's Maildir (`new/`). Nothing outside the temp directory is
 * touched. Run as root (CI), Dovecot's own unprivileged accounts (`dovecot`, `dovenull`) own the processes and
 * the Maildirs; otherwise everything runs as the current user.
 */
export interface MailRigUser {
  user: string;
  password: string;
}

export interface MailRig {
  host: "127.0.0.1";
  imapPort: number;
  smtpPort: number;
  /** Puts a message into a user's folder ("INBOX" or "Sent") as a new Maildir file. */
  deliver(user: string, raw: string | Buffer, folder?: "INBOX" | "Sent"): void;
  /** Adds a user (passwd-file is re-read by Dovecot on each login). */
  addUser(u: MailRigUser): void;
  /** Changes a user's password (the next login needs the new one). */
  setPassword(user: string, password: string): void;
  /** Messages the SMTP server accepted, in order: envelope and raw bytes. */
  smtpReceived: { from: string; to: string[]; raw: Buffer }[];
  dir: string;
  stop(): Promise<void>;
}

const DOVECOT = "/usr/sbin/dovecot";

export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function accountIds(name: string): { uid: number; gid: number } | null {
  try {
    const line = readFileLines("/etc/passwd").find((l) => l.startsWith(`${name}:`));
    if (!line) return null;
    const parts = line.split(":");
    return { uid: Number(parts[2]), gid: Number(parts[3]) };
  } catch {
    return null;
  }
}

function readFileLines(file: string): string[] {
  return readFileSync(file, "utf8").split("\n");
}

function config(dir: string, port: number, asRoot: boolean, me: string, group: string): string {
  const internal = asRoot ? "dovecot" : me;
  const internalGroup = asRoot ? "dovecot" : group;
  const login = asRoot ? "dovenull" : me;
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
default_internal_user = ${internal}
default_internal_group = ${internalGroup}
default_login_user = ${login}
first_valid_uid = 1
mail_uid = ${internal}
mail_gid = ${internalGroup}
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

async function waitForPort(port: number, timeoutMs: number, child: ChildProcess, log: () => string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

export async function startMailRig(opts: { users: MailRigUser[] }): Promise<MailRig> {
  const asRoot = process.getuid?.() === 0;
  const me = os.userInfo().username;
  const group = (accountIds(me) && readGroupName(accountIds(me)?.gid ?? 0)) || me;
  const owner = asRoot ? accountIds("dovecot") : null;
  if (asRoot && !owner)
    throw new Error("running as root needs the dovecot account (apt-get install dovecot-imapd)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "tandem-dovecot-"));
  const own = (p: string) => {
    if (owner) chownSync(p, owner.uid, owner.gid);
  };
  for (const d of ["run", "state", "mail"]) mkdirSync(path.join(dir, d));
  own(path.join(dir, "mail"));
  if (asRoot) {
    // Dovecot's unprivileged processes must traverse the temp directory.
    chmodSync(dir, 0o755);
  }
  const users: MailRigUser[] = [];
  const writePasswd = () =>
    writeFileSync(path.join(dir, "passwd"), users.map((u) => `${u.user}:{PLAIN}${u.password}\n`).join(""), {
      mode: 0o644,
    });
  const maildir = (user: string, folder: "INBOX" | "Sent") => {
    const base = path.join(dir, "mail", user);
    const root = folder === "INBOX" ? base : path.join(base, ".Sent");
    for (const p of [base, root, ...["new", "cur", "tmp"].map((s) => path.join(root, s))]) {
      if (!existsSync(p)) {
        mkdirSync(p, { mode: 0o700 });
        own(p);
      }
    }
    return root;
  };
  const addUser = (u: MailRigUser) => {
    users.push(u);
    writePasswd();
    maildir(u.user, "INBOX");
    maildir(u.user, "Sent");
  };
  for (const u of opts.users) addUser(u);

  const imapPort = await freePort();
  const conf = path.join(dir, "dovecot.conf");
  writeFileSync(conf, config(dir, imapPort, asRoot, me, group));
  let output = "";
  const child = spawn(DOVECOT, ["-F", "-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d) => {
    output += String(d);
  });
  child.stderr?.on("data", (d) => {
    output += String(d);
  });
  const log = () => {
    const file = path.join(dir, "dovecot.log");
    return `${output}\n${existsSync(file) ? readFileLines(file).slice(-20).join("\n") : ""}`;
  };
  await waitForPort(imapPort, 10_000, child, log);

  let seq = 0;
  const deliver = (user: string, raw: string | Buffer, folder: "INBOX" | "Sent" = "INBOX") => {
    if (!users.some((u) => u.user === user)) throw new Error(`unknown mail rig user ${user}`);
    const root = maildir(user, folder);
    seq += 1;
    const name = `${Math.floor(Date.now() / 1000)}.M${seq}P${process.pid}R${randomBytes(4).toString("hex")}.tandem`;
    const tmp = path.join(root, "tmp", name);
    writeFileSync(tmp, raw);
    own(tmp);
    renameSync(tmp, path.join(root, "new", name));
  };

  const smtpReceived: MailRig["smtpReceived"] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (!users.some((u) => u.user.toLowerCase() === address.address.toLowerCase())) {
        cb(Object.assign(new Error("no such user"), { responseCode: 550 }));
        return;
      }
      cb();
    },
    onAuth(_auth, _session, cb) {
      cb(null, { user: "test" });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address);
        smtpReceived.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to,
          raw,
        });
        for (const rcpt of to) {
          const u = users.find((x) => x.user.toLowerCase() === rcpt.toLowerCase());
          if (u) deliver(u.user, raw, "INBOX");
        }
        cb();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", () => resolve()));

  return {
    host: "127.0.0.1",
    imapPort,
    smtpPort,
    deliver,
    addUser,
    setPassword(user: string, password: string) {
      const u = users.find((x) => x.user === user);
      if (!u) throw new Error(`unknown mail rig user ${user}`);
      u.password = password;
      writePasswd();
    },
    smtpReceived,
    dir,
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readGroupName(gid: number): string | null {
  try {
    const line = readFileLines("/etc/group").find((l) => l.split(":")[2] === String(gid));
    return line ? (line.split(":")[0] ?? null) : null;
  } catch {
    return null;
  }
}

/** Lists the message files of a user's folder (tests count what Dovecot holds). */
export function maildirCount(rig: MailRig, user: string, folder: "INBOX" | "Sent" = "INBOX"): number {
  const root =
    folder === "INBOX" ? path.join(rig.dir, "mail", user) : path.join(rig.dir, "mail", user, ".Sent");
  return ["new", "cur"].reduce((n, s) => n + readdirSync(path.join(root, s)).length, 0);
}
