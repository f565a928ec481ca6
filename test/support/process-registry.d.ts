export interface RecordedProcess {
  pid: number;
  /** Whether it leads its own process group (killed as a group). */
  group: boolean;
  name: string;
  /** The jest process (worker) that started it. */
  owner: number;
  /** /proc start time, to tell a reused pid. */
  start?: string | null;
}
export function record(dir: string, entry: Omit<RecordedProcess, 'start'>): RecordedProcess;
export function forget(dir: string, pid: number): void;
export function entries(dir: string): RecordedProcess[];
export function killEntry(entry: RecordedProcess): void;
export function killRecorded(dir: string, filter?: (e: RecordedProcess) => boolean): RecordedProcess[];
export function startTime(pid: number): string | null;
