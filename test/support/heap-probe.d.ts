/** Environment that loads the heap probe into every process started with it (see heap-probe.js). */
export function heapProbeEnv(dir: string): NodeJS.ProcessEnv;
/**
 * The live heap of a process started with {@link heapProbeEnv}, in bytes, after a full garbage
 * collection. @throws Error when the process does not answer within `timeoutMs` (@default 10000)
 */
export function heapUsedAfterGc(pid: number, dir: string, timeoutMs?: number): Promise<number>;
