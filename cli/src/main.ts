#!/usr/bin/env node
import { UsageError } from './args';
import { startCommand } from './commands/start';
import { tokenCommand } from './commands/token';

const USAGE = `Usage: ioc <command>

Commands:
  start     start the database, the three subgraphs and the gateway (npm start)
  token     print a development access token: token --role reporter --agency TCT
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return startCommand();
    case 'token':
      return tokenCommand(rest);
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
