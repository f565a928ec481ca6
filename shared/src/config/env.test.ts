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
});
