import pino from 'pino';

export type Logger = pino.Logger;

/**
 * One logger per process, JSON lines by default. `LOG_LEVEL` sets the level
 * (`silent` in tests unless set).
 */
export function createLogger(name: string): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info');
  return pino({ name, level });
}
