import { z } from "zod";
import { type AppModule, access } from "../http/types.js";
import { createMailer } from "./mailer.js";
import { mailJob } from "./queue.js";

const mailSettings = z.object({ configured: z.boolean(), from: z.string() });

/** Outgoing mail: the `mail.send` job and the admin's view of whether SMTP is configured. */
export const mailModule: AppModule = {
  name: "mail",
  jobs: (deps) => [mailJob(createMailer(deps.config)) as never],
  routes(app, deps) {
    const mailer = createMailer(deps.config);
    app.get(
      "/api/v1/settings/mail",
      {
        config: { access: access.admin("settings.manage") },
        schema: {
          tags: ["settings"],
          summary: "Whether outgoing mail is configured (without SMTP_URL, mail only goes to the server log)",
          response: { 200: mailSettings },
        },
      },
      async () => ({ configured: mailer.configured, from: mailer.from }),
    );
  },
};
