import type { ImapFlowOptions } from "imapflow";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { AppError } from "../../platform/errors.js";
import { resolvePublicAddress } from "../../platform/net/ssrf.js";
import type { TlsMode } from "./presets.js";

export interface ServerSettings {
  host: string;
  port: number;
  tls: TlsMode;
  user: string;
  password: string;
}

export const CONNECTION_ERROR_CODES = [
  "authentication_failed",
  "tls_handshake_failed",
  "host_not_found",
  "connection_refused",
  "timeout",
  "connection_failed",
] as const;
export type ConnectionErrorCode = (typeof CONNECTION_ERROR_CODES)[number];

const MESSAGES: Record<ConnectionErrorCode, string> = {
  authentication_failed: "Authentication failed: check the user name and the (app) password.",
  tls_handshake_failed: "TLS handshake failed: check the port and the encryption setting.",
  host_not_found: "Host not found: check the server name.",
  connection_refused: "Connection refused: check the server name and port.",
  timeout: "The server did not answer in time.",
  connection_failed: "Could not connect to the server.",
};

/** The mail server refused or could not be reached: 422 with a stable code; the field names the side. */
export function mailConnectionError(
  reason: ConnectionErrorCode,
  protocol: "imap" | "smtp",
  detail?: string,
): AppError {
  const message = `${protocol.toUpperCase()}: ${MESSAGES[reason]}`;
  const field = `body.${protocol}`;
  const text = detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason];
  switch (reason) {
    case "authentication_failed":
      return new AppError(422, "authentication_failed", message, [
        { field, message: text, code: "authentication_failed" },
      ]);
    case "tls_handshake_failed":
      return new AppError(422, "tls_handshake_failed", message, [
        { field, message: text, code: "tls_handshake_failed" },
      ]);
    case "host_not_found":
      return new AppError(422, "host_not_found", message, [{ field, message: text, code: "host_not_found" }]);
    case "connection_refused":
      return new AppError(422, "connection_refused", message, [
        { field, message: text, code: "connection_refused" },
      ]);
    case "timeout":
      return new AppError(422, "timeout", message, [{ field, message: text, code: "timeout" }]);
    default:
      return new AppError(422, "connection_failed", message, [
        { field, message: text, code: "connection_failed" },
      ]);
  }
}

const TLS_CODES =
  /^(ERR_TLS|ERR_SSL|EPROTO|DEPTH_ZERO|CERT_|UNABLE_TO_|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/;

/** Maps an imapflow / nodemailer / socket error to a stable code. */
export function classifyConnectionError(err: unknown): ConnectionErrorCode {
  const e = err as {
    code?: string;
    authenticationFailed?: boolean;
    serverResponseCode?: string;
    responseCode?: number;
    message?: string;
    cause?: unknown;
  };
  if (!e || typeof e !== "object") return "connection_failed";
  const code = String(e.code ?? "");
  const msg = String(e.message ?? "");
  if (e.authenticationFailed || e.serverResponseCode === "AUTHENTICATIONFAILED" || code === "EAUTH") {
    return "authentication_failed";
  }
  if (e.responseCode === 535 || /authenticat|invalid credentials|login failed/i.test(msg))
    return "authentication_failed";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EDNS" || /getaddrinfo/.test(msg))
    return "host_not_found";
  if (code === "ECONNREFUSED") return "connection_refused";
  if (
    code === "ETIMEDOUT" ||
    code === "ETIMEOUT" ||
    code === "CONNECT_TIMEOUT" ||
    code === "GREETING_TIMEOUT" ||
    /timed? ?out/i.test(msg)
  ) {
    return "timeout";
  }
  if (code === "ETLS" || TLS_CODES.test(code) || /tls|ssl|certificate|wrong version number/i.test(msg)) {
    return "tls_handshake_failed";
  }
  if (e.cause && e.cause !== err) {
    const inner = classifyConnectionError(e.cause);
    if (inner !== "connection_failed") return inner;
  }
  return "connection_failed";
}

/** Resolves the host through the SSRF guard; connections go to the pinned address, TLS names the host. */
export async function pinned(host: string, allow: readonly string[]): Promise<string> {
  try {
    return (await resolvePublicAddress(host, allow)).address;
  } catch (err) {
    if ((err as { code?: string }).code === "unsafe_destination" || err instanceof AppError) throw err;
    throw err;
  }
}

export function imapOptions(s: ServerSettings, address: string, timeoutMs = 15_000): ImapFlowOptions {
  return {
    host: address,
    port: s.port,
    secure: s.tls === "tls",
    doSTARTTLS: s.tls === "starttls" ? true : s.tls === "none" ? false : undefined,
    servername: s.host,
    tls: { servername: s.host, minVersion: "TLSv1.2" },
    auth: { user: s.user, pass: s.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 5 * 60_000,
    disableAutoIdle: false,
    emitLogs: false,
  } as ImapFlowOptions;
}

export function smtpOptions(s: ServerSettings, address: string, timeoutMs = 15_000): SMTPTransport.Options {
  return {
    host: address,
    port: s.port,
    secure: s.tls === "tls",
    requireTLS: s.tls === "starttls",
    ignoreTLS: s.tls === "none",
    name: "tandem-crm",
    tls: { servername: s.host, minVersion: "TLSv1.2" },
    auth: { user: s.user, pass: s.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

async function guarded<T>(protocol: "imap" | "smtp", fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw mailConnectionError(classifyConnectionError(err), protocol, (err as Error)?.message?.slice(0, 200));
  }
}

/** Logs in over IMAP and verifies SMTP (EHLO + AUTH); throws `MailConnectionError` with a stable code. */
export async function testConnection(
  imap: ServerSettings,
  smtp: ServerSettings,
  allow: readonly string[],
  timeoutMs = 15_000,
): Promise<void> {
  const imapAddress = await pinned(imap.host, allow);
  const smtpAddress = await pinned(smtp.host, allow);
  await guarded("imap", async () => {
    // imapflow is loaded on first use: every process (and every server test file) imports this module.
    const { ImapFlow } = await import("imapflow");
    const client = new ImapFlow(imapOptions(imap, imapAddress, timeoutMs));
    client.on("error", () => {});
    try {
      await client.connect();
    } finally {
      await client.logout().catch(() => client.close());
    }
  });
  await guarded("smtp", async () => {
    const transport = nodemailer.createTransport(smtpOptions(smtp, smtpAddress, timeoutMs));
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
  });
}
