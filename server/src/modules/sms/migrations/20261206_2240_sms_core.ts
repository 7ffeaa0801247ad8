import { type Kysely, sql } from "kysely";

/**
 * SMS: providers (kind, non-secret config, sealed credentials and callback token, one default) and messages
 * (outbound and inbound; `status` moves queued → sending → sent → delivered/failed, `unknown` when a send was cut
 * off before the provider answered; never sent twice). `(provider_id, provider_message_id)` is unique, so a
 * repeated callback or inbound webhook changes nothing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sms_providers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('smsru', 'smsc', 'mobizon', 'twilio', 'generic')),
      config jsonb NOT NULL DEFAULT '{}'::jsonb,
      -- deps.secrets.seal(JSON of the credentials); never returned by the API.
      credentials_sealed text NOT NULL,
      -- deps.secrets.seal(token): the secret path segment of the provider's callback URLs.
      callback_token_sealed text NOT NULL,
      callback_token_hash text NOT NULL,
      is_default boolean NOT NULL DEFAULT false,
      is_active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE UNIQUE INDEX sms_providers_one_default ON sms_providers (is_default) WHERE is_default AND deleted_at IS NULL;
    CREATE TRIGGER sms_providers_touch BEFORE UPDATE ON sms_providers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE sms_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider_id uuid NOT NULL REFERENCES sms_providers(id),
      direction text NOT NULL CHECK (direction IN ('out', 'in')),
      contact_id uuid REFERENCES contacts(id),
      phone text NOT NULL CHECK (phone ~ '^\\+?[0-9]{3,20}$'),
      body text NOT NULL CHECK (length(body) <= 2000),
      encoding text NOT NULL CHECK (encoding IN ('gsm7', 'ucs2')),
      segments integer NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'received')),
      provider_message_id text,
      error_code text,
      error_message text,
      template_id uuid,
      activity_id uuid,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      status_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX sms_messages_provider_id ON sms_messages (provider_id, provider_message_id)
      WHERE provider_message_id IS NOT NULL;
    CREATE INDEX sms_messages_contact_idx ON sms_messages (contact_id, created_at DESC);
    CREATE INDEX sms_messages_pending_idx ON sms_messages (status_at) WHERE status = 'sent';
  `.execute(db);
}
