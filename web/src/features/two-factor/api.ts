import { api, unwrap } from "../../api/client";

export const startTwoFactorSetup = (password: string) =>
  unwrap(api.POST("/api/v1/auth/2fa/setup", { body: { password } }));

export const enableTwoFactor = (code: string) =>
  unwrap(api.POST("/api/v1/auth/2fa/enable", { body: { code } }));

export const disableTwoFactor = (body: { password: string; code: string }) =>
  unwrap(api.POST("/api/v1/auth/2fa/disable", { body }));

/** Recovery codes as a plain-text file the user can keep. */
export function recoveryCodesFile(codes: readonly string[], heading: string): Blob {
  return new Blob([`${heading}\n\n${codes.join("\n")}\n`], { type: "text/plain;charset=utf-8" });
}
