import { readFileSync } from 'node:fs';
import path from 'node:path';

// The README's Environment table is what a newcomer reads: each variable once, with one default.
// (It once listed IOC_JWT_SECRET and IOC_GATEWAY_SECRET twice, the second time with a "development
// value outside production" that no longer exists: every service refuses to start without them.)
describe("the README's Environment table", () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Environment'), readme.indexOf('\n## ', readme.indexOf('## Environment') + 1));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));

  it('should list each variable once', () => {
    const names = rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)].map((m) => m[1]));
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
