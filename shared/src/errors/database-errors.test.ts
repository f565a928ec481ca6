import type { ResolverData } from 'type-graphql';

const logged: { obj: unknown; msg: string }[] = [];
jest.mock('../log/logger', () => ({ createLogger: () => ({ error: (obj: unknown, msg: string) => logged.push({ obj, msg }) }) }));

import { databaseErrors } from './database-errors';

const mutation = { info: { operation: { operation: 'mutation' } } } as unknown as ResolverData;

describe('databaseErrors', () => {
  beforeEach(() => {
    logged.length = 0;
  });

  it('should log a driver error it answers as "it was logged" when given no log of its own, without the statement\'s parameters', async () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "observation_current"'), {
      code: '23505', constraint: 'observation_current', table: 'observation', severity: 'ERROR', parameters: ['[{"i":"a whole batch"}]'],
    });
    await expect(databaseErrors()(mutation, () => Promise.reject(driverError))).rejects.toMatchObject({
      message: 'the database refused the request; it was logged', extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toEqual([{
      obj: { err: { code: '23505', constraint: 'observation_current', table: 'observation', message: driverError.message } },
      msg: 'the database refused a request',
    }]);
  });

  it('should hand the error to the log it is given instead', async () => {
    const seen: unknown[] = [];
    const driverError = Object.assign(new Error('boom'), { severity: 'ERROR' });
    await expect(databaseErrors((e) => seen.push(e))(mutation, () => Promise.reject(driverError))).rejects.toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(seen).toEqual([driverError]);
    expect(logged).toEqual([]);
  });
});
