import nodemailer, { type Transporter } from "nodemailer";
import type { Logger } from "pino";
import type { Config } from "../config/config.js";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files sent with the message (scheduled reports' PDF/XLSX). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  configured: boolean;
  from: string;
  /** Sends, or — with no SMTP_URL — writes the message to the log. Throws on transport errors (the job retries). */
  send(message: OutgoingMail, log: Logger): Promise<void>;
}

/**
 * `SMTP_URL` is a Nodemailer connection URL (`smtp://user:pass@host:587`, `smtps://…`), or `json:` to render
 * messages without sending (tests, dry runs). Without it, mail goes to the server log.
 */
export function createMailer(config: Pick<Config, "SMTP_URL" | "MAIL_FROM">): Mailer {
  const url = config.SMTP_URL?.trim();
  let transport: Transporter | null = null;
  if (url === "json:") transport = nodemailer.createTransport({ jsonTransport: true });
  else if (url) transport = nodemailer.createTransport(url);
  const from = config.MAIL_FROM;
  return {
    configured: transport !== null,
    from,
    async send(message, log) {
      if (!transport) {
        log.info(
          {
            mail: {
              from,
              ...message,
              html: undefined,
              attachments: message.attachments?.map((a) => ({
                filename: a.filename,
                bytes: a.content.length,
              })),
            },
          },
          "SMTP_URL is not set: mail written to the log",
        );
        return;
      }
      const info = await transport.sendMail({ from, ...message });
      log.info({ messageId: info.messageId, to: message.to, subject: message.subject }, "mail sent");
      if (url === "json:") log.debug({ mail: info.message }, "rendered mail (json transport)");
    },
  };
}
