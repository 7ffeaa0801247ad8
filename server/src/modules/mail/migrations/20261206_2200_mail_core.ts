import { type Kysely, sql } from "kysely";

/**
 * Mail: mailboxes (personal or shared + team grants, sealed password, sync state, lease), their synced folders
 * (UIDVALIDITY + last UID = the exactly-once cursor), threads, messages (received and sent in one table),
 * attachments, record links per thread (the timeline index) and per message, per-user read state and the
 * "Not in CRM" addresses. See `modules/mail/README.md` and /work/notes/mail-schema.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mailboxes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('personal', 'shared')),
      owner_id uuid REFERENCES users(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      address text NOT NULL CHECK (length(address) BETWEEN 3 AND 320),
      preset text CHECK (preset IN ('gmail', 'yandex', 'mailru', 'microsoft', 'custom')),
      imap_host text NOT NULL CHECK (length(imap_host) BETWEEN 1 AND 253),
      imap_port integer NOT NULL CHECK (imap_port BETWEEN 1 AND 65535),
      imap_tls text NOT NULL CHECK (imap_tls IN ('tls', 'starttls', 'none')),
      smtp_host text NOT NULL CHECK (length(smtp_host) BETWEEN 1 AND 253),
      smtp_port integer NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
      smtp_tls text NOT NULL CHECK (smtp_tls IN ('tls', 'starttls', 'none')),
      username text NOT NULL CHECK (length(username) BETWEEN 1 AND 320),
      -- deps.secrets.seal(password): "v1:<base64>"; never returned by the API.
      password_sealed text NOT NULL,
      signature_html text,
      state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'backfilling', 'live', 'error', 'paused')),
      last_error_code text,
      last_error text,
      last_error_at timestamptz,
      failures integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      backfill_days integer NOT NULL DEFAULT 90 CHECK (backfill_days BETWEEN 0 AND 3650),
      backfill_total integer NOT NULL DEFAULT 0,
      backfill_done integer NOT NULL DEFAULT 0,
      backfill_completed_at timestamptz,
      last_synced_at timestamptz,
      auto_create_contacts boolean NOT NULL DEFAULT false,
      auto_create_deals boolean NOT NULL DEFAULT false,
      -- One sync worker per mailbox across processes: the holder renews lease_expires_at; others take it after.
      lease_owner text,
      lease_expires_at timestamptz,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz,
      CHECK ((kind = 'personal') = (owner_id IS NOT NULL))
    );
    CREATE TRIGGER mailboxes_touch BEFORE UPDATE ON mailboxes FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE UNIQUE INDEX mailboxes_personal_address ON mailboxes (owner_id, lower(address))
      WHERE deleted_at IS NULL AND kind = 'personal';
    CREATE UNIQUE INDEX mailboxes_shared_address ON mailboxes (lower(address))
      WHERE deleted_at IS NULL AND kind = 'shared';
    CREATE INDEX mailboxes_lease_idx ON mailboxes (lease_expires_at NULLS FIRST)
      WHERE deleted_at IS NULL AND state <> 'paused';

    CREATE TABLE mailbox_grants (
      mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
      team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (mailbox_id, team_id)
    );
    CREATE INDEX mailbox_grants_team_idx ON mailbox_grants (team_id, mailbox_id);

    CREATE TABLE mailbox_folders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('inbox', 'sent')),
      path text NOT NULL,
      uidvalidity bigint,
      -- Highest UID stored (backfill and new mail walk UIDs upwards, committed with the messages).
      last_uid bigint NOT NULL DEFAULT 0,
      backfill_total integer NOT NULL DEFAULT 0,
      backfill_done integer NOT NULL DEFAULT 0,
      backfill_completed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (mailbox_id, role)
    );
    CREATE TRIGGER mailbox_folders_touch BEFORE UPDATE ON mailbox_folders
      FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

    CREATE TABLE mail_threads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
      subject text NOT NULL DEFAULT '',
      -- Subject without Re:/Fwd:/Отв:/[tags], lower case: the fallback thread key when references are missing.
      subject_key text NOT NULL DEFAULT '',
      first_message_at timestamptz NOT NULL,
      last_message_at timestamptz NOT NULL,
      message_count integer NOT NULL DEFAULT 0,
      last_direction text CHECK (last_direction IN ('in', 'out')),
      snippet text NOT NULL DEFAULT '',
      participants jsonb NOT NULL DEFAULT '[]'::jsonb,
      participant_addresses text[] NOT NULL DEFAULT '{}',
      is_private boolean NOT NULL DEFAULT false,
      private_by uuid REFERENCES users(id),
      assignee_id uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TRIGGER mail_threads_touch BEFORE UPDATE ON mail_threads FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    -- Inbox keyset pages: per mailbox, across mailboxes, per assignee.
    CREATE INDEX mail_threads_inbox_idx ON mail_threads (mailbox_id, last_message_at DESC, id DESC);
    CREATE INDEX mail_threads_recent_idx ON mail_threads (last_message_at DESC, id DESC);
    CREATE INDEX mail_threads_assignee_idx ON mail_threads (assignee_id, last_message_at DESC, id DESC)
      WHERE assignee_id IS NOT NULL;
    CREATE INDEX mail_threads_subject_idx ON mail_threads (mailbox_id, subject_key, last_message_at DESC);
    CREATE INDEX mail_threads_addresses_gin ON mail_threads USING gin (participant_addresses);

    CREATE TABLE mail_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
      thread_id uuid NOT NULL REFERENCES mail_threads(id) ON DELETE CASCADE,
      -- Where the sync found it first (null: written by the CRM and not yet seen in Sent).
      folder_id uuid REFERENCES mailbox_folders(id) ON DELETE SET NULL,
      uidvalidity bigint,
      uid bigint,
      -- RFC 5322 Message-ID without <>; synthesized "<sha256>@tandem.invalid" when the message has none.
      message_id text NOT NULL,
      in_reply_to text,
      "references" text[] NOT NULL DEFAULT '{}',
      direction text NOT NULL CHECK (direction IN ('in', 'out')),
      from_address text,
      from_name text,
      "from" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "to" jsonb NOT NULL DEFAULT '[]'::jsonb,
      cc jsonb NOT NULL DEFAULT '[]'::jsonb,
      bcc jsonb NOT NULL DEFAULT '[]'::jsonb,
      reply_to jsonb NOT NULL DEFAULT '[]'::jsonb,
      subject text NOT NULL DEFAULT '',
      sent_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      text_body text NOT NULL DEFAULT '',
      html_body text,
      has_remote_images boolean NOT NULL DEFAULT false,
      reply_text text NOT NULL DEFAULT '',
      has_quoted boolean NOT NULL DEFAULT false,
      snippet text NOT NULL DEFAULT '',
      size_bytes integer NOT NULL DEFAULT 0,
      -- Malformed MIME: the original bytes, kept with a warning.
      raw bytea,
      raw_file_id uuid,
      parse_warning text,
      -- Outgoing mail written by the CRM (conversations): null for received mail.
      send_status text CHECK (send_status IN ('queued', 'sending', 'sent', 'failed')),
      send_error text,
      send_attempts integer NOT NULL DEFAULT 0,
      scheduled_at timestamptz,
      sent_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((uid IS NULL) = (folder_id IS NULL))
    );
    CREATE TRIGGER mail_messages_touch BEFORE UPDATE ON mail_messages FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE UNIQUE INDEX mail_messages_message_id ON mail_messages (mailbox_id, message_id);
    CREATE UNIQUE INDEX mail_messages_folder_uid ON mail_messages (folder_id, uidvalidity, uid)
      WHERE folder_id IS NOT NULL;
    CREATE INDEX mail_messages_thread_idx ON mail_messages (thread_id, sent_at, id);
    -- Threading: messages whose References name a given Message-ID (a reply stored before its parent).
    CREATE INDEX mail_messages_references_gin ON mail_messages USING gin ("references");
    CREATE INDEX mail_messages_send_idx ON mail_messages (send_status, scheduled_at)
      WHERE send_status IN ('queued', 'sending');

    CREATE TABLE mail_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      message_id uuid NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
      position integer NOT NULL,
      filename text NOT NULL DEFAULT '',
      content_type text NOT NULL DEFAULT 'application/octet-stream',
      size_bytes bigint NOT NULL DEFAULT 0,
      sha256 text,
      content_id text,
      inline boolean NOT NULL DEFAULT false,
      -- The blob in the files store (null until stored).
      file_id uuid,
      UNIQUE (message_id, position)
    );

    -- A thread's records: the timeline index (a record's threads newest first from one index range).
    CREATE TABLE mail_thread_links (
      thread_id uuid NOT NULL REFERENCES mail_threads(id) ON DELETE CASCADE,
      entity text NOT NULL,
      record_id uuid NOT NULL,
      source text NOT NULL CHECK (source IN ('address', 'company', 'domain', 'thread', 'user', 'auto')),
      last_message_at timestamptz NOT NULL,
      linked_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- Unlinked by a user: kept so automatic linking does not add it back.
      unlinked_at timestamptz,
      PRIMARY KEY (thread_id, entity, record_id)
    );
    CREATE INDEX mail_thread_links_timeline_idx
      ON mail_thread_links (entity, record_id, last_message_at DESC, thread_id DESC) WHERE unlinked_at IS NULL;

    -- Which records each message itself names (contacts by address, their companies, domains).
    CREATE TABLE mail_message_links (
      message_id uuid NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
      entity text NOT NULL,
      record_id uuid NOT NULL,
      PRIMARY KEY (message_id, entity, record_id)
    );
    CREATE INDEX mail_message_links_record_idx ON mail_message_links (entity, record_id);

    CREATE TABLE mail_thread_reads (
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      thread_id uuid NOT NULL REFERENCES mail_threads(id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL DEFAULT now(),
      -- The thread's last_message_at when read: unread while the thread's is later.
      read_through timestamptz NOT NULL,
      PRIMARY KEY (user_id, thread_id)
    );

    -- "Not in CRM": addresses of correspondents no contact has.
    CREATE TABLE mail_unknown_addresses (
      mailbox_id uuid NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
      address text NOT NULL,
      name text,
      first_seen_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      message_count integer NOT NULL DEFAULT 1,
      last_thread_id uuid REFERENCES mail_threads(id) ON DELETE SET NULL,
      dismissed_at timestamptz,
      PRIMARY KEY (mailbox_id, address)
    );
    CREATE INDEX mail_unknown_recent_idx ON mail_unknown_addresses (mailbox_id, last_seen_at DESC, address)
      WHERE dismissed_at IS NULL;

    -- Company by e-mail domain: the domains of a company's website and e-mail addresses.
    CREATE FUNCTION tandem_company_domains(website text, emails text[]) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT d) FILTER (WHERE d IS NOT NULL AND d <> ''), '{}')
        FROM (
          SELECT lower(substring(website FROM '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:www\\.)?([^/:?#@\\s]+)')) AS d
          UNION ALL
          SELECT lower(split_part(e, '@', 2)) FROM unnest(emails) AS e
        ) s
      $$;
    CREATE INDEX companies_mail_domains_gin ON companies USING gin (tandem_company_domains(website, email_values))
      WHERE deleted_at IS NULL;
  `.execute(db);
}
