/**
 * Opens a database with the real migrations plus one slow, large test migration (a new
 * column backfilled over every request, and a few hundred megabytes of scratch work), so a
 * test can SIGKILL it mid-migration. Prints MIGRATING before and MIGRATED after.
 */
import { openDatabase } from '../../../src-main/core/store/database';
import { migrations, type Migration } from '../../../src-main/core/store/migrations';

export const SLOW_VERSION = (migrations.at(-1)?.version ?? 0) + 1;

export const slowMigration: Migration = {
  version: SLOW_VERSION,
  name: 'test_slow_backfill',
  up: `
    ALTER TABLE requests ADD COLUMN body_length INTEGER;
    UPDATE requests SET body_length = length(body);
    CREATE TABLE migration_scratch AS
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
      SELECT i, randomblob(48) AS b FROM n;
    CREATE INDEX migration_scratch_b ON migration_scratch(b);
    DROP TABLE migration_scratch;
    CREATE INDEX requests_by_body_length ON requests(body_length);
  `,
};

if (require.main === module) {
  const file = process.argv[2]!;
  process.stdout.write(`MIGRATING ${SLOW_VERSION}\n`);
  const db = openDatabase(file, { migrations: [...migrations, slowMigration] });
  db.close();
  process.stdout.write('MIGRATED\n');
}
