import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, currentRequestId, requestIdFrom, requestIdHeaders, requestIdMiddleware, runWithRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('should keep a client id that is a plain token', () => {
    expect(requestIdFrom('wall-17:abc.def')).toBe('wall-17:abc.def');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
  });

  it('should replace a missing, empty, long or odd id with a new UUID', () => {
    for (const bad of [undefined, '', 'x'.repeat(129), 'has space', '{"level":60}', 'line\nbreak']) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
  });

  it('should follow the request across awaits and be gone outside it', async () => {
    expect(currentRequestId()).toBeUndefined();
    expect(requestIdHeaders()).toEqual({});
    await runWithRequestId('r-1', async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(currentRequestId()).toBe('r-1');
      expect(requestIdHeaders()).toEqual({ [REQUEST_ID_HEADER]: 'r-1' });
    });
    expect(currentRequestId()).toBeUndefined();
  });

  it('should echo the id in the response and run the rest of the request inside it', async () => {
    const headers: Record<string, unknown> = {};
    const res = { setHeader: (k: string, v: unknown) => void (headers[k] = v) } as unknown as ServerResponse;
    const seen = await new Promise<string | undefined>((resolve) => {
      requestIdMiddleware()({ headers: { 'x-request-id': 'from-client' } } as unknown as IncomingMessage, res, () => {
        setImmediate(() => resolve(currentRequestId()));
      });
    });
    expect(seen).toBe('from-client');
    expect(headers[REQUEST_ID_HEADER]).toBe('from-client');
  });
});
