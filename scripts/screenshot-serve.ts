// Makes docs/serve-page.png, the README's picture of `timeline-render serve`, and prints how long
// the page took to show a saved change. Needs Debian's chromium.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { startServer } from '../src/serve/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'timeline-render-shot-'));
const file = join(dir, 'syria-timeline.json');
cpSync('data/syria-timeline.json', file);
const server = await startServer({ inputs: [dir], port: 0 });
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1360, height: 900, deviceScaleFactor: 1 });
  await page.goto(server.url);
  const loaded = (selector: string) =>
    page.waitForFunction(
      (s) => {
        const images = [...document.querySelectorAll<HTMLImageElement>(s)];
        return images.length > 0 && images.every((i) => i.complete && i.naturalWidth > 0);
      },
      { timeout: 60_000 },
      selector,
    );
  await loaded('figure.tall img');
  await loaded('figure.page img');
  const tall = await page.$eval('figure.tall img', (i) => (i as HTMLImageElement).src);

  const saved = Date.now();
  writeFileSync(file, readFileSync(file, 'utf8').replace('"title": "', '"title": "Updated: '));
  await page.waitForFunction(
    (old) => {
      const image = document.querySelector<HTMLImageElement>('figure.tall img');
      return image && image.src !== old && image.complete && image.naturalWidth > 0;
    },
    { timeout: 60_000, polling: 20 },
    tall,
  );
  console.error(`the page showed the saved change after ${Date.now() - saved} ms`);

  writeFileSync(file, readFileSync(file, 'utf8').replace('"actor": "Russia"', '"actor": "Rusia"'));
  await page.waitForSelector('.error pre', { timeout: 30_000 });
  await page.screenshot({ path: 'docs/serve-page.png' });
  console.error('wrote docs/serve-page.png');
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
