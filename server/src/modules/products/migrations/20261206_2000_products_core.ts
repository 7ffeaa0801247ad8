import { type Kysely, sql } from "kysely";

/**
 * The product catalogue. `sku` is unique among live products (a deleted product's SKU may be reused); money is
 * `price_amount NUMERIC` + `price_currency` (ISO 4217), the VAT rate a percentage. Owned like every record
 * (the responsible product manager), with the same active-owner triggers, search indexes and list indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE products (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      sku text NOT NULL CHECK (length(sku) BETWEEN 1 AND 64),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
      unit text NOT NULL DEFAULT 'pcs' CHECK (length(unit) BETWEEN 1 AND 20),
      price_amount numeric(18, 2) NOT NULL DEFAULT 0 CHECK (price_amount >= 0),
      price_currency text NOT NULL CHECK (price_currency ~ '^[A-Z]{3}$'),
      vat_rate numeric(5, 2) NOT NULL DEFAULT 0 CHECK (vat_rate >= 0 AND vat_rate <= 100),
      active boolean NOT NULL DEFAULT true,
      tags text[] NOT NULL DEFAULT '{}',
      custom jsonb NOT NULL DEFAULT '{}',
      owner_id uuid NOT NULL REFERENCES users(id),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    );
    CREATE TRIGGER products_touch BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
    CREATE TRIGGER products_active_owner BEFORE UPDATE OF owner_id ON products
      FOR EACH ROW EXECUTE FUNCTION enforce_active_owner('owner_id');
    CREATE TRIGGER products_active_owner_insert AFTER INSERT ON products
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION enforce_active_owners('owner_id');
    CREATE UNIQUE INDEX products_sku_live ON products (sku) WHERE deleted_at IS NULL;
    CREATE INDEX products_name_idx ON products (name, id) WHERE deleted_at IS NULL;
    CREATE INDEX products_owner_idx ON products (owner_id, name, id) WHERE deleted_at IS NULL;
    CREATE INDEX products_created_idx ON products (created_at, id) WHERE deleted_at IS NULL;
    CREATE INDEX products_tags_idx ON products USING gin (tags) WHERE deleted_at IS NULL;
    CREATE INDEX products_search_name_trgm ON products USING gin (tandem_search_norm(name) gin_trgm_ops)
      WHERE deleted_at IS NULL;
    CREATE INDEX products_search_fts ON products USING gin (tandem_search_tsv(name, sku))
      WHERE deleted_at IS NULL;
  `.execute(db);
}
