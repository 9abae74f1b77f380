// The warm anchor: one browser, started and warmed up before the clock, renders each timeline in
// a new page. Prints the seconds the renders took, as JSON on stdout.
// Usage: node scripts/bench/warm-chromium.mjs og|tall outdir warm-up.json timeline.json...
import { readFileSync } from 'node:fs';
import { launchChromium, renderOg, renderTall } from './chromium.mjs';

const [kind, out, warmUp, ...files] = process.argv.slice(2);
const render = kind === 'og' ? renderOg : renderTall;
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const timelines = files.map(read);
const { browser, close } = await launchChromium();
try {
  await render(browser, read(warmUp), out, 'warm-up');
  const start = performance.now();
  for (const [i, t] of timelines.entries()) await render(browser, t, out, `t${i}`);
  console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, renders: timelines.length }));
} finally {
  await close();
}
