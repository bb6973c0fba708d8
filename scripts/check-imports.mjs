#!/usr/bin/env node
// Enforces the one-way layering protocol ← machines ← src, and keeps heavy or I/O libraries in their corner:
// dexie only in src/storage, jspdf only in src/pdf, no react in machines/ or protocol/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = process.cwd();
const LAYERS = ['protocol', 'machines', 'src'];
const ALLOWED_PACKAGES = { protocol: [], machines: ['xstate'], src: null };
const CORNERS = [
  { pkg: /^dexie($|\/)|^dexie-react-hooks/, only: 'src/storage' },
  { pkg: /^jspdf($|\/)|^jspdf-autotable/, only: 'src/pdf' },
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const layer of LAYERS) {
  for (const file of files(join(ROOT, layer))) {
    const rel = relative(ROOT, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) {
        const target = relative(ROOT, normalize(join(dirname(file), spec)));
        const targetLayer = target.split(/[\\/]/)[0];
        const allowed = LAYERS.slice(0, LAYERS.indexOf(layer) + 1);
        if (LAYERS.includes(targetLayer) && !allowed.includes(targetLayer)) problems.push(`${rel}: ${layer}/ may not import ${targetLayer}/ (${spec})`);
        if (!LAYERS.includes(targetLayer) && layer !== 'src') problems.push(`${rel}: imports outside the layers (${spec})`);
        continue;
      }
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const allowedPkgs = ALLOWED_PACKAGES[layer];
      if (allowedPkgs && !allowedPkgs.includes(pkg) && !spec.startsWith('node:')) problems.push(`${rel}: ${layer}/ may not import the package "${spec}"`);
      if (spec.startsWith('node:') && layer !== 'src' && !rel.startsWith('scripts')) problems.push(`${rel}: ${layer}/ must stay pure (no "${spec}")`);
      for (const c of CORNERS) if (c.pkg.test(spec) && !rel.startsWith(c.only)) problems.push(`${rel}: "${spec}" is only allowed in ${c.only}/`);
    }
  }
}
if (problems.length) {
  console.error(`import boundaries: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('import boundaries: ok');
