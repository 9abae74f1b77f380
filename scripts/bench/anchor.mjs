// The cold anchor: one new browser renders one timeline to a full-page PNG at 2x and a Letter PDF.
// Usage: node scripts/bench/anchor.mjs timeline.json outdir
import { readFileSync } from 'node:fs';
import { launchChromium, renderTall } from './chromium.mjs';

const [file, out] = process.argv.slice(2);
const { browser, close } = await launchChromium();
try {
  await renderTall(browser, JSON.parse(readFileSync(file, 'utf8')), out, 'anchor');
} finally {
  await close();
}
