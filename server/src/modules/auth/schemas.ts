import { z } from "zod";
import { isoDateTime } from "../../platform/http/schemas.js";

export const LANGUAGES = ["en", "ru", "sr", "sr-Latn", "kk"] as const;
export const language = z.enum(LANGUAGES);

const scope = z.enum(["none", "own", "team", "all"]);

export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  position: z.string().nullable(),
  /** `GET /api/v1/users/{id}/avatar?v=…` when the user has a photo, else null. */
  avatarUrl: z.string().nullable(),
  language,
  timeZone: z.string(),
  notifyByEmail: z.boolean(),
  /** True when the password must be changed (first sign-in, admin reset, or older than the policy allows). */
  mustChangePassword: z.boolean(),
  twoFactorEnabled: z.boolean(),
  /** True when the policy or the role requires 2FA and the user has not enabled it yet. */
  twoFactorSetupRequired: z.boolean(),
  isAdmin: z.boolean(),
  permissions: z.record(z.string(), z.partialRecord(z.string(), scope)),
  fieldRules: z.record(z.string(), z.record(z.string(), z.enum(["hidden", "readonly"]))),
  adminPermissions: z.array(z.string()),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  role: z.object({ id: z.uuid(), name: z.string(), key: z.string().nullable() }),
});
export type Me = z.infer<typeof meSchema>;

const email = z.email().max(254);
/** Passwords are checked against the policy in the service (per-field codes); this only bounds the size. */
const password = z.string().min(1).max(256);

export const loginBody = z.strictObject({ email: z.string().min(1).max(254), password });
const twoFactorRequired = (value: boolean) =>
  z
    .literal(value)
    .describe(
      "true when a code is needed: send it to `POST /api/v1/auth/2fa` (same as status `twoFactorRequired`)",
    );
export const loginResponse = z.discriminatedUnion("status", [
  z.object({ status: z.literal("ok"), twoFactorRequired: twoFactorRequired(false), user: meSchema }),
  z.object({ status: z.literal("twoFactorRequired"), twoFactorRequired: twoFactorRequired(true) }),
  z.object({
    status: z.literal("passwordChangeRequired"),
    twoFactorRequired: twoFactorRequired(false),
    user: meSchema,
  }),
]);
export const okWithUser = z.object({ status: z.literal("ok"), user: meSchema });

export const twoFactorLoginBody = z.strictObject({ code: z.string().min(6).max(32) });

export const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const patchMeBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  language: language.optional(),
  timeZone: z
    .string()
    .max(100)
    .refine(isTimeZone, "Use an IANA time zone such as Europe/Belgrade.")
    .optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  position: z.string().trim().max(200).nullable().optional(),
  notifyByEmail: z.boolean().optional(),
});

export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });
export const changeEmailBody = z.strictObject({ currentPassword: password, email });

export const sessionSchema = z.object({
  id: z.string(),
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  expiresAt: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const sessionParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{64}$/) });

export const twoFactorSetupBody = z.strictObject({ password });
export const twoFactorSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const twoFactorEnableBody = z.strictObject({ code: z.string().min(6).max(10) });
export const twoFactorEnableResponse = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export const twoFactorDisableBody = z.strictObject({ password, code: z.string().min(6).max(32) });

export const resetRequestBody = z.strictObject({ email: z.string().min(1).max(254) });
export const resetConfirmBody = z.strictObject({ token: z.string().min(1).max(200), newPassword: password });

export const apiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  readOnly: z.boolean().optional(),
  expiresAt: isoDateTime.optional(),
});
export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  readOnly: z.boolean(),
  expiresAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export const apiTokenCreated = apiTokenSchema.extend({ token: z.string() });

export const invitationBody = z.strictObject({
  email,
  name: z.string().trim().min(1).max(200),
  roleId: z.uuid(),
  teamId: z.uuid().nullable().optional(),
});
export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roleId: z.uuid(),
  teamId: z.uuid().nullable(),
  invitedBy: z.uuid().nullable(),
  status: z.enum(["pending", "accepted", "expired", "revoked"]),
  expiresAt: isoDateTime,
  createdAt: isoDateTime,
});
export const acceptInvitationBody = z.strictObject({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  password,
});
