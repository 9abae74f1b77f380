// The warm anchor: one browser, started and warmed up before the clock, renders each timeline in
// a new page, `lanes` pages at a time. Prints the seconds the renders took, as JSON on stdout.
// Usage: node scripts/bench/warm-chromium.mjs og|tall lanes outdir warm-up.json timeline.json...
import { readFileSync } from 'node:fs';
import { launchChromium, renderOg, renderTall } from './chromium.mjs';

const [kind, lanes, out, warmUp, ...files] = process.argv.slice(2);
const render = kind === 'og' ? renderOg : renderTall;
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const timelines = files.map(read);
const { browser, close } = await launchChromium();
try {
  await render(browser, read(warmUp), out, 'warm-up');
  const start = performance.now();
  // `lanes` pages at a time, as that many clients of a rendering service would keep busy.
  let next = 0;
  await Promise.all(
    Array.from({ length: Number(lanes) }, async () => {
      while (next < timelines.length) {
        const i = next++;
        await render(browser, timelines[i], out, `t${i}`);
      }
    }),
  );
  console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, renders: timelines.length }));
} finally {
  await close();
}
