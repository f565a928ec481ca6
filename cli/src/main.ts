#!/usr/bin/env node
import { UsageError } from './args';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { startCommand } from './commands/start';
import { subgraphCommand } from './commands/subgraph-check';
import { tokenCommand } from './commands/token';

const USAGE = `Usage: ioc <command>

Commands:
  start     start the database, the three subgraphs and the gateway (npm start)
  token     print a development access token: token --role reporter --agency TCT
  import    import observations from an SDMX-CSV file: import FILE [--token T] [--batch 1000]
  export    export a pillar's observations: export --pillar economy --out FILE
  subgraph  check a (partner) subgraph before it goes live: subgraph check --name health --url URL

Run "ioc <command> --help" for a command's options.
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return startCommand();
    case 'token':
      return tokenCommand(rest);
    case 'import':
      return importCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'subgraph':
      return subgraphCommand(rest);
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
