import { ROLES, isRole, loadLocalSecrets, localSecretsFile, signAccessToken } from '@ioc-graph/kit/internal';
import { UsageError, parseCommandArgs } from '../args';

export const TOKEN_USAGE = `Usage: npm run token -- --role <viewer|reporter|admin> [--agency CODE] [--subject NAME] [--expires 8h]

Prints an access token (HS256, signed with IOC_JWT_SECRET; when it is unset, with the one \`npm start\`
generated: IOC_SECRETS_FILE, default .data/secrets.json, or <IOC_DATA_DIR>-state/secrets.json).
Send it as "Authorization: Bearer <token>".
A reporter writes only the indicators whose responsible agency is --agency (e.g. TCT, VPCP, BTTTT).
`;

/** `npm run token -- --role reporter --agency TCT`: prints a token on stdout, nothing else. */
export async function tokenCommand(argv: string[]): Promise<void> {
  const { values: options } = parseCommandArgs(
    argv,
    { role: { type: 'string' }, agency: { type: 'string' }, subject: { type: 'string' }, expires: { type: 'string' }, help: { type: 'boolean' } },
    TOKEN_USAGE,
  );
  if (options.help) {
    process.stdout.write(TOKEN_USAGE);
    return;
  }
  const role = options.role ?? 'viewer';
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"\n\n${TOKEN_USAGE}`);
  const agency = options.agency;
  if (role === 'reporter' && !agency) throw new UsageError(`a reporter needs --agency (the agency whose indicators they write)\n\n${TOKEN_USAGE}`);
  const subject = options.subject ?? (agency ? `${role}@${agency}` : role);
  let env = process.env;
  if (!env.IOC_JWT_SECRET) {
    const file = localSecretsFile(env);
    const kept = loadLocalSecrets(file);
    if (!kept.IOC_JWT_SECRET) throw new Error(`${file} holds no IOC_JWT_SECRET: start the graph once with \`npm start\`, or set IOC_JWT_SECRET`);
    env = { ...env, IOC_JWT_SECRET: kept.IOC_JWT_SECRET };
  }
  const token = await signAccessToken(
    { subject, roles: [role], agency: agency ?? null, expiresIn: options.expires ?? '8h' },
    env,
    (m) => process.stderr.write(`warning: ${m}\n`),
  );
  process.stdout.write(`${token}\n`);
}
