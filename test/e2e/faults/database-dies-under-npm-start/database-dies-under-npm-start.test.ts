import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type StartRun, cliToken, runStart, startEnv, waitFor } from '../../../support/start-command';

const REPORT = `mutation ($input: [ObservationInput!]!) { reportEconomyObservations(input: $input) { imported rows { outcome reason } } }`;

/** PID and port of the embedded PostgreSQL, from its postmaster.pid. */
function postmaster(dataDir: string): { pid: number; port: number } {
  const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

describe('the embedded database dies under npm start', () => {
  let run: StartRun | undefined;

  afterAll(async () => {
    await run?.stop();
  });

  it('should restart PostgreSQL on the same data folder and port, and writes afterwards should succeed', async () => {
    const setup = await startEnv();
    run = runStart(setup.env);
    await waitFor(() => run!.output().includes('IOC Graph is running') || run!.child.exitCode !== null, 120_000, () => `the start banner:\n${run!.output()}`);
    const before = postmaster(setup.dataDir);
    const admin = await cliToken({ IOC_DATA_DIR: setup.dataDir }, 'admin');
    const report = async (period: string) => {
      const res = await fetch(`http://127.0.0.1:${setup.gatewayPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: REPORT, variables: { input: [{ indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '52', period, value: 90 }] } }),
      });
      return (await res.json()) as { data?: { reportEconomyObservations: { imported: number } }; errors?: unknown[] };
    };
    expect((await report('2011')).data?.reportEconomyObservations.imported).toBe(1);

    process.kill(before.pid, 'SIGINT'); // as `kill -INT` the postmaster: a fast shutdown
    await waitFor(() => run!.output().includes('the embedded PostgreSQL is back'), 60_000, () => `the database to come back:\n${run!.output()}`);
    expect(run.output()).toMatch(/the embedded PostgreSQL stopped unexpectedly/);
    const after = postmaster(setup.dataDir);
    expect(after.pid).not.toBe(before.pid);
    expect(after.port).toBe(before.port);

    // The subgraphs' pools drop the connections the dead server held; the next write is stored.
    const res = await report('2010');
    expect(res.errors).toBeUndefined();
    expect(res.data?.reportEconomyObservations.imported).toBe(1);
    expect(run.child.exitCode).toBeNull(); // the IOC stayed up throughout
  }, 180_000);
});
