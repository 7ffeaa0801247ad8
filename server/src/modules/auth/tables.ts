import type { DB } from "../../platform/db/schema.js";

/** `id` is the sha256 (hex) of the cookie value. */
export type SessionsTable = DB["sessions"];
export type ApiTokensTable = DB["api_tokens"];
export type PasswordHistoryTable = DB["password_history"];
export type TwoFactorRecoveryCodesTable = DB["two_factor_recovery_codes"];
export type TwoFactorPendingTable = DB["two_factor_pending"];
export type TwoFactorLastStepTable = DB["two_factor_last_step"];
export type AuthThrottleTable = DB["auth_throttle"];
export type PasswordResetTokensTable = DB["password_reset_tokens"];
export type InvitationsTable = DB["invitations"];
