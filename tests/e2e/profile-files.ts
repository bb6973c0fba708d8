import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reading a browser profile folder from the outside, for the specs that look for what Chromium or the app left on
 * disk (canary, profile-scan, retention).
 */

/** A word to look for: digits only after the name, so it never contains a label's text and makes a locator ambiguous. */
export const token = (name: string) => `Q${name}Z${Math.random().toString().slice(2, 8)}`;

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    // A folder Chromium removed since its parent was listed.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/**
 * Every file of the profile (up to 64 MiB each), with its path inside the profile. Chromium deletes files of its
 * own (its code cache) while a scan runs: one gone since the listing holds nothing any more, and is skipped.
 */
export function* profileFiles(profile: string): Generator<{ where: string; bytes: Buffer }> {
  for (const file of filesUnder(profile)) {
    let bytes: Buffer;
    try {
      if (statSync(file).size > 64 * 1024 * 1024) continue;
      bytes = readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    yield { where: file.slice(profile.length + 1), bytes };
  }
}
