import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHECK = resolve('scripts/check-imports.mjs');

function tree(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-imports-'));
  for (const d of ['protocol', 'machines', 'src']) mkdirSync(join(dir, d), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return spawnSync(process.execPath, [CHECK], { cwd: dir, encoding: 'utf8' });
}

describe('import boundaries', () => {
  it('passes on this repository', () => {
    expect(spawnSync(process.execPath, [CHECK], { encoding: 'utf8' }).status).toBe(0);
  });

  it.each([
    ['protocol importing machines', { 'protocol/a.ts': "import { x } from '../machines/b';\n" }, /protocol\/ may not import machines\//],
    ['react in machines', { 'machines/a.ts': "import { useState } from 'react';\n" }, /may not import the package "react"/],
    ['dexie outside storage', { 'src/cases/a.ts': "import Dexie from 'dexie';\n" }, /only allowed in src\/storage/],
    ['jspdf outside pdf', { 'src/app/a.ts': "const m = import('jspdf');\n" }, /only allowed in src\/pdf/],
  ])('refuses %s', (_name, files, message) => {
    const r = tree(files as Record<string, string>);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('allows dexie in src/storage and xstate in machines', () => {
    expect(tree({ 'src/storage/db.ts': "import Dexie from 'dexie';\n", 'machines/m.ts': "import { setup } from 'xstate';\n" }).status).toBe(0);
  });
});
