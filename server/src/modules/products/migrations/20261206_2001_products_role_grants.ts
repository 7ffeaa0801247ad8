import { type Kysely, sql } from "kysely";
import { PRODUCT_ROLE_GRANTS } from "../grants.js";

/**
 * The built-in roles' grants on products (the same map `productsEntity.defaultGrants` declares). Roles an
 * administrator already gave a products grant keep theirs; Administrator and Read-only have `*`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [key, grants] of Object.entries(PRODUCT_ROLE_GRANTS)) {
    await sql`update roles set permissions = permissions || jsonb_build_object('products', ${JSON.stringify(grants)}::jsonb)
      where key = ${key} and not permissions ? 'products'`.execute(db);
  }
}
