// Renders the PWA icons (public/icons/*.png) from the favicon design with the installed Chromium.
// One-off generator, kept so the icons can be remade: `npx tsx test/helpers/make-icons.ts`.
// The maskable icon is full-bleed (the background fills the square) with the "A" inside the
// central 80 % safe zone, so any launcher mask shape keeps it whole.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const NAVY = '#12365e';

function roundIcon(size: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="${NAVY}"/><text x="16" y="22" font-family="Arial, sans-serif" font-size="18" font-weight="700" text-anchor="middle" fill="#fff">A</text></svg>`;
}

function maskableIcon(size: number): string {
  // Letter at about 45 % of the height: well inside the safe zone (a circle of 40 % radius).
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32"><rect width="32" height="32" fill="${NAVY}"/><text x="16" y="21" font-family="Arial, sans-serif" font-size="14" font-weight="700" text-anchor="middle" fill="#fff">A</text></svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: roundIcon(192) },
  { file: 'icon-512.png', size: 512, svg: roundIcon(512) },
  { file: 'maskable-512.png', size: 512, svg: maskableIcon(512) },
];

const outDir = path.resolve(import.meta.dirname, '../../public/icons');
fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const icon of ICONS) {
    const context = await browser.newContext({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${icon.svg}</body></html>`);
    const file = path.join(outDir, icon.file);
    await page.locator('svg').screenshot({ path: file, omitBackground: true });
    console.log(`wrote ${path.relative(process.cwd(), file)} (${icon.size}×${icon.size})`);
    await context.close();
  }
} finally {
  await browser.close();
}
