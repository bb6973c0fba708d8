/** `npm run stats`: the statistics export from scenario files (scripts/stats-cli.ts says what it does). */
import { runStats } from './stats-cli';

process.exitCode = await runStats(process.argv.slice(2));
