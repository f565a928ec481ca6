import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postmasterHolding, startEmbeddedPostgres } from './embedded';

// A partner's `node main.js` (or `npm start`) killed with SIGKILL leaves its embedded PostgreSQL
// running on the data folder. The next start must say so, naming the pid to stop, and never advise
// deleting the folder (it holds the partner's readings).
describe('the embedded PostgreSQL when an earlier server still holds its folder', () => {
  let work: string;
  let holder: ChildProcess;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'embedded-held-'));
    // A stand-in for the orphaned server: a process whose command line says postgres.
    const fake = path.join(work, 'postgres');
    copyFileSync('/bin/sleep', fake);
    holder = spawn(fake, ['60'], { stdio: 'ignore' });
  });

  afterAll(() => {
    holder?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('should refuse to start, naming the pid to stop, without advising to delete the data', async () => {
    const dataDir = path.join(work, 'data');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'PG_VERSION'), '18\n');
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${holder.pid}\n${dataDir}\n`);
    expect(postmasterHolding(dataDir)).toBe(holder.pid);
    const start = startEmbeddedPostgres({ dataDir });
    await expect(start).rejects.toThrow(new RegExp(`\\(pid ${holder.pid}\\) still holds .*kill ${holder.pid}`));
    await expect(start).rejects.not.toThrow(/[Dd]elete/);
  });

  it('should not take a pid file whose process is gone, or is not a PostgreSQL, for a server', () => {
    const dataDir = path.join(work, 'other');
    mkdirSync(dataDir);
    expect(postmasterHolding(dataDir)).toBeNull();
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n`); // jest's node: alive, not postgres
    expect(postmasterHolding(dataDir)).toBeNull();
    writeFileSync(path.join(dataDir, 'postmaster.pid'), '2147483646\n');
    expect(postmasterHolding(dataDir)).toBeNull();
  });
});
