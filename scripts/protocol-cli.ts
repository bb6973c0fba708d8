/**
 * The protocol from the command line, for trainers' files, the PDF command and tests.
 *   protocol replay FILE [--at ISO-TIME]   state of a scenario as one JSON object
 *   protocol diagram                         the case lifecycle as Mermaid
 * Errors are one line on stderr and exit code 2; never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { summarizeCase } from '../machines/summary';
import { lifecycleMermaid } from '../machines/diagram';
import { isInstant } from '../machines/events';
import { ScenarioError, loadScenario } from '../machines/scenario';
import { DEFAULT_CALENDAR } from '../protocol/calendar';

class UsageError extends Error {}

const USAGE = 'usage: npm run protocol -- replay FILE [--at ISO-TIME] | diagram';

function replayCommand(args: string[]): string {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new UsageError(USAGE);
  let at: string | undefined;
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--at') {
      at = args[++i];
      if (!isInstant(at)) throw new UsageError(`--at needs an ISO 8601 time with a zone, e.g. 2026-11-28T10:00:00Z`);
    } else throw new UsageError(`unknown option "${args[i]}"; ${USAGE}`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  try {
    const { scenario, snapshot } = loadScenario(raw);
    const lastAt = scenario.steps.at(-1)?.event.at ?? '';
    return JSON.stringify({ scenario: scenario.id, ...summarizeCase(snapshot, at ?? lastAt, DEFAULT_CALENDAR) }, null, 2);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'replay') process.stdout.write(`${replayCommand(rest)}\n`);
    else if (command === 'diagram') process.stdout.write(lifecycleMermaid());
    else throw new UsageError(USAGE);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`protocol: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`protocol: internal error: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
