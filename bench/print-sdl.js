// Prints each subgraph's SDL (`_service { sdl }`), sorted by type, to compare a change's schema:
//   node bench/print-sdl.js [outDir]   (writes <outDir>/<subgraph>.graphql, default: stdout)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./common');

async function main() {
  const { buildSchema, printSchema, lexicographicSortSchema } = require(require.resolve('graphql', { paths: [ROOT] }));
  const { startSystem } = require(path.join(ROOT, 'cli/dist'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-sdl-'));
  const system = await startSystem({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(dataDir, 'postgres'),
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: 'warn' },
  });
  try {
    const out = process.argv[2];
    if (out) fs.mkdirSync(out, { recursive: true });
    for (const [name, sub] of Object.entries(system.subgraphs)) {
      const res = await fetch(sub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
      const { data } = await res.json();
      // Federation directives are not defined in the SDL text: declare them loosely to print it sorted.
      const sdl = printSchema(lexicographicSortSchema(buildSchema(data._service.sdl, { assumeValid: true, assumeValidSDL: true })));
      if (out) {
        fs.writeFileSync(path.join(out, `${name}.graphql`), `${sdl}\n`);
        // As served, with directives and in declaration order (the sorted print drops directives and sorts arguments).
        fs.writeFileSync(path.join(out, `${name}.raw.graphql`), `${data._service.sdl}\n`);
      }
      else console.log(`# ${name}\n${sdl}\n`);
    }
  } finally {
    await system.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
