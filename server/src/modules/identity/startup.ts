import type { AppDeps } from "../../platform/http/types.js";
import { bootstrapAdmin } from "./bootstrap.js";

/** Start-up hook (`AppModule.onReady`): creates the first administrator of an empty instance and says so. */
export async function bootstrapAdminOnStart(deps: AppDeps): Promise<void> {
  const boot = await bootstrapAdmin(deps.db, {
    email: deps.config.ADMIN_EMAIL,
    password: deps.config.ADMIN_PASSWORD,
    language: deps.config.ADMIN_LANGUAGE,
  });
  if (boot.created) announceAdmin(boot.email ?? "", boot.generatedPassword);
}

function announceAdmin(email: string, generatedPassword: string | undefined): void {
  if (!generatedPassword) {
    console.log(`\n  Tandem CRM: administrator ${email} created with ADMIN_PASSWORD.\n`);
    return;
  }
  const line = "=".repeat(72);
  console.log(
    `\n${line}\n  Tandem CRM — first administrator created (shown only once)\n  Email:    ${email}\n  Password: ${generatedPassword}\n  You will be asked to change it at first sign-in.\n${line}\n`,
  );
}
