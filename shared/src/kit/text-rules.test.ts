import { cleanText } from './text-rules';

describe('cleanText', () => {
  it('should normalise NFD text to NFC', () => {
    const nfd = 'Sơn La'.normalize('NFD');
    const v = cleanText(nfd, 'source', 500);
    expect(v).toEqual({ ok: true, value: 'Sơn La'.normalize('NFC') });
  });

  it('should refuse a NUL byte and a lone surrogate', () => {
    expect(cleanText('a\u0000b', 'source', 500)).toMatchObject({ ok: false, code: 'E_INVALID_TEXT' });
    expect(cleanText('a\ud83d', 'source', 500)).toMatchObject({ ok: false, code: 'E_INVALID_TEXT' });
    expect(cleanText('a\ude00b', 'source', 500)).toMatchObject({ ok: false, code: 'E_INVALID_TEXT' });
    expect(cleanText('😀', 'source', 500)).toEqual({ ok: true, value: '😀' });
  });

  it('should refuse text over its limit, counting characters', () => {
    expect(cleanText('x'.repeat(501), 'source', 500)).toMatchObject({ ok: false, code: 'E_TOO_LONG' });
    expect(cleanText('😀'.repeat(500), 'source', 500).ok).toBe(true);
  });
});
