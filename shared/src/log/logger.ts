import pino from 'pino';
import { currentRequestId } from '../observability/request-id';

export type Logger = pino.Logger;

/**
 * One logger per process, JSON lines by default. `LOG_LEVEL` sets the level
 * (`silent` in tests unless set). Lines written while serving a request carry its `requestId`.
 */
export function createLogger(name: string): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info');
  return pino({ name, level, mixin: requestIdMixin });
}

function requestIdMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}
