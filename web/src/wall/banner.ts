import { $, sleep } from './dom';

/** The banner under the header: one message for the whole wall (connection lost, nothing to show). */
export function setBanner(text: string | null, detail = ''): void {
  const banner = $('#banner');
  if (!text) {
    banner.hidden = true;
    return;
  }
  banner.hidden = false;
  $('#banner-text').textContent = text;
  $('#banner-detail').textContent = detail;
}

/** Retries `fn` until it works, showing why on the banner meanwhile. */
export async function untilOk<T>(what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const v = await fn();
      if (attempt) setBanner(null);
      return v;
    } catch (err) {
      setBanner(`Không tải được ${what} — đang thử lại…`, (err as Error).message);
      await sleep(Math.min(1000 * 2 ** attempt, 5000));
    }
  }
}
