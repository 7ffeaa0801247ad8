import type { Generated } from "kysely";

export interface SessionsTable {
  /** sha256 (hex) of the cookie value. */
  id: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  two_factor_pending: Generated<boolean>;
  revoked_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  read_only: Generated<boolean>;
  expires_at: Date | null;
  last_used_at: Date | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  user_id: string;
  password_hash: string;
  created_at: Generated<Date>;
}

export interface TwoFactorRecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface TwoFactorPendingTable {
  user_id: string;
  secret: string;
  created_at: Generated<Date>;
}

export interface TwoFactorLastStepTable {
  user_id: string;
  step: string;
}

export interface AuthThrottleTable {
  key: string;
  failures: Generated<number>;
  window_started_at: Generated<Date>;
  locked_until: Date | null;
  updated_at: Generated<Date>;
}

export interface PasswordResetTokensTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface InvitationsTable {
  id: Generated<string>;
  email: string;
  name: string;
  role_id: string;
  team_id: string | null;
  token_hash: string;
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
  created_at: Generated<Date>;
}

export interface AuthTables {
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_history: PasswordHistoryTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  two_factor_pending: TwoFactorPendingTable;
  two_factor_last_step: TwoFactorLastStepTable;
  auth_throttle: AuthThrottleTable;
  password_reset_tokens: PasswordResetTokensTable;
  invitations: InvitationsTable;
}
