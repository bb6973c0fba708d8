/**
 * Prepares a team's CouchDB database for sync (docs/decisions/0018-team-sync.md):
 *   npm run sync:setup -- https://ADMIN:PASSWORD@couch.example.org/team-db [--member ACCOUNT]...
 * creates the database if needed, installs the rules (`_design/sanad`: immutable documents, whitelisted fields,
 * size cap) and sets the device accounts as its members. Safe to run again. Errors are one line on stderr and
 * exit code 2; never a stack trace, never the password.
 */
import { SetupError, installRules } from '../src/sync/server-rules';

const USAGE = 'usage: npm run sync:setup -- URL-OF-THE-TEAM-DATABASE [--member ACCOUNT]...';

export async function main(args: readonly string[]): Promise<string> {
  const url = args[0];
  if (!url || url.startsWith('--')) throw new SetupError('badAddress', USAGE);
  const members: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === '--member' && value && !value.startsWith('--')) {
      members.push(value);
      i++;
    } else throw new SetupError('badAddress', `unknown option "${args[i]}"; ${USAGE}`);
  }
  const r = await installRules(url, { members });
  return `database ${r.database}: ${r.created ? 'created' : 'already there'}; rules ${r.rules}; members: ${r.members.length ? r.members.join(', ') : 'none yet (admins only)'}`;
}

if (process.argv[1] && process.argv[1].endsWith('sync-setup.ts')) {
  main(process.argv.slice(2)).then(
    (line) => console.log(line),
    (err: unknown) => {
      console.error(err instanceof SetupError ? err.message : `sync setup: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
