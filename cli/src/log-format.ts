const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const COLORS: Record<string, string> = { governance: '35', economy: '33', society: '32', gateway: '34' };

/** One child log line (pino JSON or plain) as a short, prefixed terminal line. */
export function formatLogLine(service: string, line: string): string | null {
  const tag = `\u001b[${COLORS[service] ?? '37'}m${service.padEnd(10)}\u001b[0m`;
  if (!line.startsWith('{')) return `${tag} ${line}`;
  try {
    const { level, msg, time: _t, pid: _p, hostname: _h, name: _n, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const lvl = LEVELS[Number(level)] ?? 'info';
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    const mark = lvl === 'error' || lvl === 'fatal' ? '\u001b[31m' : lvl === 'warn' ? '\u001b[33m' : '';
    return `${tag} ${mark}${String(msg ?? '')}${mark ? '\u001b[0m' : ''}${extra}`;
  } catch {
    return `${tag} ${line}`;
  }
}
