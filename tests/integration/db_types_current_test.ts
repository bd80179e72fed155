/**
 * shared/db/database.types.ts is what `supabase gen types` makes of the migrated schema today:
 * a migration that changes the monitoring schema without `npm run gen:types` fails here.
 */
import assert from "node:assert/strict";
import { generateTypes, TYPES_FILE, withoutWhitespace } from "../../scripts/gen_types.ts";
import { stackEnv } from "../helpers/test_env.ts";

Deno.test("the committed database types equal a fresh supabase gen types of the test database", async () => {
  const fresh = await generateTypes(stackEnv.dbUrl);
  const committed = await Deno.readTextFile(TYPES_FILE);
  assert.ok(fresh.includes('"usage_events"'), "the generator saw the monitoring schema");
  assert.equal(
    withoutWhitespace(committed),
    withoutWhitespace(fresh),
    "run `npm run gen:types` after changing the schema",
  );
});
