// One PostgreSQL for the whole e2e run (DATABASE_URL if set, else embedded in a temp folder);
// each test file makes its own database in it (see support/database.ts).
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const { openDatabase } = require('../../shared/dist/internal');
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ioc-test-')), 'postgres');
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
  globalThis.__IOC_TEST_DB__ = db;
  process.env.IOC_TEST_DATABASE_URL = db.url;
};
