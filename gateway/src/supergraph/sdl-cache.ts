import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The last SDL of each subgraph that composed, one file per subgraph (`<dir>/<name>.graphql`), so a
 * subgraph that is down when the gateway starts or reloads is composed from its last known schema.
 */
export class SdlCache {
  constructor(readonly dir: string) {}

  /** The cached SDL, or null when there is none (or it cannot be read). */
  async read(name: string): Promise<string | null> {
    try {
      return await readFile(this.file(name), 'utf8');
    } catch {
      return null;
    }
  }

  /** Writes atomically (temp file + rename): a crash never leaves half a schema. */
  async write(name: string, sdl: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(name)}.${process.pid}.tmp`;
    await writeFile(tmp, sdl);
    await rename(tmp, this.file(name));
  }

  private file(name: string): string {
    return path.join(this.dir, `${name}.graphql`);
  }
}
