import { z } from "zod";
import { isoDateTime, listQuery, listResponse } from "../../platform/http/schemas.js";

const LANGUAGES = ["en", "ru", "sr", "sr-Latn", "kk"] as const;

const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Use an IANA time zone such as Europe/Moscow.");

/** What every signed-in user may see about a colleague (to pick owners, mention, filter). */
export const publicUserSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  avatarUrl: z.string().nullable(),
  position: z.string().nullable(),
  teamId: z.uuid().nullable(),
  isActive: z.boolean(),
});

/** Extra fields for administrators (`users.manage`). */
export const userSchema = publicUserSchema.extend({
  phone: z.string().nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  roleId: z.uuid().optional(),
  language: z.enum(LANGUAGES).optional(),
  timeZone: z.string().optional(),
  twoFactorEnabled: z.boolean().optional(),
  deactivatedAt: isoDateTime.nullable().optional(),
  createdAt: isoDateTime.optional(),
});
export type UserDto = z.infer<typeof userSchema>;

const booleanQuery = z.enum(["true", "false"]).transform((v) => v === "true");

export const userListQuery = listQuery.extend({
  teamId: z.uuid().optional(),
  roleId: z.uuid().optional().describe("Administrators only (`users.manage`)."),
  active: booleanQuery.optional(),
  search: z.string().trim().min(1).max(100).optional().describe("Part of the name or email."),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const userPatchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z
    .email()
    .max(254)
    .optional()
    .describe("Sign-in address; 409 `email_taken` when another user has it"),
  phone: z.string().trim().max(50).nullable().optional(),
  position: z.string().trim().max(200).nullable().optional(),
  managerId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  roleId: z.uuid().optional(),
  language: z.enum(LANGUAGES).optional(),
  timeZone: timeZone.optional(),
});
export type UserPatch = z.infer<typeof userPatchBody>;

export const userListResponse = listResponse(userSchema);

export const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  headId: z.uuid().nullable(),
  memberCount: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type TeamDto = z.infer<typeof teamSchema>;

export const teamCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  headId: z.uuid().nullable().optional(),
});
export const teamPatchBody = teamCreateBody.partial();
export type TeamInput = z.infer<typeof teamPatchBody>;

export const teamDeleteQuery = z.strictObject({ moveMembersTo: z.uuid().optional() });
export const teamListResponse = listResponse(teamSchema);
export const teamMembersResponse = listResponse(publicUserSchema);
