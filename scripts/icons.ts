/**
 * The install icons, drawn from public/icon.svg by Chromium:  npm run icons  → public/icons/*.png
 * 192 and 512 px ("any": the rounded tile as it is), a 512 px maskable one (full-bleed background, the mark
 * inside the central safe zone a launcher may crop to a circle), and the 180 px apple-touch-icon.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync('public/icon.svg', 'utf8');
const mark = svg.replace(/<rect[^>]*\/>/, ''); // the strokes alone, for the maskable icon
const OUT = 'public/icons';
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
async function draw(name: string, size: number, body: string) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
  await page.screenshot({ path: `${OUT}/${name}`, omitBackground: true });
  console.log(`${OUT}/${name}`);
}
const sized = (s: string, size: number) => s.replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `);
for (const size of [192, 512]) await draw(`icon-${size}.png`, size, sized(svg, size));
// Maskable: the safe zone is the central circle of 80% of the size; the mark is drawn at 60%.
await draw(
  'icon-maskable-512.png',
  512,
  `<div style="width:512px;height:512px;background:#0f5e57;display:flex;align-items:center;justify-content:center">${sized(mark, 307)}</div>`,
);
await draw('apple-touch-icon-180.png', 180, `<div style="width:180px;height:180px;background:#0f5e57;display:flex;align-items:center;justify-content:center">${sized(mark, 150)}</div>`);
await browser.close();
