import { api, unwrap } from "../../api/client";
import type { UpdateMeBody } from "../../api/types";

export { fetchMe, meQueryKey, meQueryOptions } from "../../api/me";

export const login = (body: { email: string; password: string }) =>
  unwrap(api.POST("/api/v1/auth/login", { body }));

export const verifyTwoFactor = (code: string) => unwrap(api.POST("/api/v1/auth/2fa", { body: { code } }));

export const logout = () => unwrap(api.POST("/api/v1/auth/logout"));

export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  unwrap(api.POST("/api/v1/auth/change-password", { body }));

export const requestPasswordReset = (email: string) =>
  unwrap(api.POST("/api/v1/auth/password-reset/request", { body: { email } }));

export const confirmPasswordReset = (body: { token: string; newPassword: string }) =>
  unwrap(api.POST("/api/v1/auth/password-reset/confirm", { body }));

export const acceptInvitation = (body: { token: string; name: string; password: string }) =>
  unwrap(api.POST("/api/v1/invitations/accept", { body }));

export const updateMe = (body: UpdateMeBody) => unwrap(api.PATCH("/api/v1/me", { body }));
