#!/usr/bin/env node
import { UsageError } from './args';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { startCommand } from './commands/start';
import { tokenCommand } from './commands/token';

const USAGE = `Usage: ioc <command>

Commands:
  start     start the database, the three subgraphs and the gateway (npm start)
  token     print a development access token: token --role reporter --agency TCT
  import    import observations from an SDMX-CSV file: import FILE [--token T] [--url URL] [--batch 1000]
  export    export a pillar's observations: export --pillar economy --out FILE|- [--url URL]

Run "ioc <command> --help" for a command's options.
`;

/** Oldest Node.js the graph runs on (what its dependencies ask, as `engines` says); Node 24 LTS is the one to use. */
const MIN_NODE: readonly [number, number] = [22, 15];

/** Refuses an older Node.js with one clear line, before anything starts. */
function requireNode(version = process.versions.node): void {
  const [major, minor] = version.split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return;
  process.stderr.write(
    `IOC Graph needs Node.js ${MIN_NODE.join('.')} or newer (Node.js 24 LTS recommended); this is Node.js ${version}, ` +
      'which gets no security fixes and is refused by the graph\'s dependencies. Install Node.js 24 LTS (https://nodejs.org) and run `npm ci` again.\n',
  );
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      requireNode();
      return startCommand();
    case 'token':
      return tokenCommand(rest);
    case 'import':
      return importCommand(rest);
    case 'export':
      return exportCommand(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
