import { ConfigError, parsers, readEnv } from './env';

describe('readEnv', () => {
  const spec = {
    port: { env: 'X_PORT', default: 4000, parse: parsers.port, doc: 'port' },
    url: { env: 'X_URL', parse: parsers.url, doc: 'the database' },
  };

  it('should apply defaults and parse values', () => {
    expect(readEnv(spec, { X_URL: 'postgres://h/db' })).toEqual({ port: 4000, url: 'postgres://h/db' });
  });

  it('should name every bad or missing variable at once', () => {
    expect(() => readEnv(spec, { X_PORT: '70000' })).toThrow(ConfigError);
    try {
      readEnv(spec, { X_PORT: '70000' });
    } catch (err) {
      expect((err as Error).message).toMatch(/X_PORT must be a TCP port/);
      expect((err as Error).message).toMatch(/X_URL is required: the database/);
    }
  });

  it('should refuse a port that fetch will not connect to, naming the variable', () => {
    for (const port of ['6000', '6665', '6669', '6697', '10080', '1']) {
      expect(() => readEnv({ p: { env: 'GATEWAY_PORT', default: 4000, parse: parsers.port, doc: 'port' } }, { GATEWAY_PORT: port })).toThrow(
        new RegExp(`GATEWAY_PORT must not be ${port}: browsers and Node's fetch refuse`),
      );
    }
    expect(readEnv({ p: { env: 'GATEWAY_PORT', default: 4000, parse: parsers.port, doc: 'port' } }, { GATEWAY_PORT: '6001' })).toEqual({ p: 6001 });
  });

  it('should refuse a port that is not a whole number', () => {
    for (const bad of ['4000.5', 'abc', '-1', '65536', '0x10']) {
      expect(() => readEnv({ p: { env: 'X_PORT', parse: parsers.port, doc: 'port' } }, { X_PORT: bad })).toThrow(`X_PORT must be a TCP port (0-65535, 0 = any free port), got "${bad}"`);
    }
  });

  it('should parse booleans and numbers, and still accept a hand-written parser', () => {
    const specs = {
      on: { env: 'X_ON', parse: parsers.boolean, doc: 'flag' },
      rate: { env: 'X_RATE', parse: parsers.positiveNumber, doc: 'rate' },
      upper: { env: 'X_UP', parse: (raw: string) => raw.toUpperCase(), doc: 'custom' },
    };
    expect(readEnv(specs, { X_ON: 'yes', X_RATE: '2.5', X_UP: 'a' })).toEqual({ on: true, rate: 2.5, upper: 'A' });
    expect(() => readEnv(specs, { X_ON: 'maybe', X_RATE: '-1', X_UP: 'a' })).toThrow(/X_ON must be true or false, got "maybe"[\s\S]*X_RATE must be a non-negative number, got "-1"/);
  });
});
