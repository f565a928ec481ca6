// One PostgreSQL for the whole e2e run (DATABASE_URL if set, else embedded in a temp folder);
// each test file makes its own database in it (see support/database.ts).
// The run's process registry (process-registry.js): whatever a test started and did not stop dies
// with the run, at teardown, at exit, or when jest is interrupted.
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { killRecorded } = require('./process-registry');

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

module.exports = async () => {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'ioc-test-run-'));
  process.env.IOC_TEST_RUN_DIR = runDir; // inherited by the workers
  const sweep = () => killRecorded(runDir);
  process.on('exit', () => {
    sweep();
    rmSync(runDir, { recursive: true, force: true });
  });
  for (const [signal, code] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      sweep();
      // The database last (its own processes are not in the registry); bounded, then out.
      const db = globalThis.__IOC_TEST_DB__;
      const done = () => process.exit(code);
      setTimeout(done, 10_000).unref();
      const root = globalThis.__IOC_TEST_DATA_ROOT__;
      Promise.resolve(db?.dispose()).catch(() => undefined)
        .then(() => root && rmSync(root, { recursive: true, force: true }))
        .catch(() => undefined).then(done);
    });
  }
  globalThis.__IOC_TEST_RUN__ = { runDir, sweep };

  const { openDatabase } = require('../../shared/dist/internal');
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'ioc-test-'));
  const dataDir = path.join(dataRoot, 'postgres');
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
  globalThis.__IOC_TEST_DB__ = db;
  // The embedded database's folder (~45 MB) goes with the run: runs left behind filled the disk.
  globalThis.__IOC_TEST_DATA_ROOT__ = dataRoot;
  process.env.IOC_TEST_DATABASE_URL = db.url;
};
