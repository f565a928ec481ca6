import { readFileSync } from 'node:fs';
import path from 'node:path';

// The README's step 1 of "How a partner agency joins" is `npm pack -w @ioc-graph/kit` in this
// repository. On a fresh clone (npm ci, nothing built yet) the tarball must still hold the compiled
// kit, not only package.json: packing builds it first.
describe('the kit package', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { scripts?: Record<string, string>; files: string[] };

  it('should build dist before it is packed', () => {
    expect(pkg.files).toContain('dist');
    expect(pkg.scripts?.prepack).toMatch(/\btsc\b.*-b|--build/);
  });
});
