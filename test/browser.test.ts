import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../src/serve/index.ts';
import { fixture, REPO } from './helpers.ts';

// Debian's chromium; .ci/run installs it, so CI never skips this test.
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!available) console.warn(`browser.test.ts: skipped, ${CHROMIUM} is not installed (apt-get install chromium).`);
const browserTest = available ? test : test.skip;

const SECTION = 'section[data-id="small"]';

/** The tall image of the section once it has loaded: its address, or nothing yet. */
const loadedTallImage = (page: Page) =>
  page.evaluate((selector) => {
    const image = document.querySelector<HTMLImageElement>(`${selector} figure.tall img`);
    return image?.complete && image.naturalWidth > 0 ? image.src : null;
  }, SECTION);

async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

browserTest('the page shows the renders, follows a saved file, and keeps the last good render beside an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'timeline-render-browser-'));
  const file = join(dir, 'small.json');
  copyFileSync(join(REPO, fixture('good.json')), file);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer({ inputs: [dir], port: 0 });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: join(dir, 'profile'),
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(server.url);

    const first = await waitFor('the tall image', () => loadedTallImage(page));
    const loaded = (kind: string) =>
      page.evaluate(
        (selector) => [...document.querySelectorAll<HTMLImageElement>(selector)].filter((i) => i.complete && i.naturalWidth > 0).length,
        `${SECTION} figure.${kind} img`,
      );
    await waitFor('the social cuts', async () => (await loaded('cut')) >= 2);
    await waitFor(
      'the PDF pages and their download',
      async () => (await loaded('page')) >= 1 && (await page.$(`${SECTION} a[download$=".pdf"]`)),
    );
    await waitFor('the 2x tall image to download', () => page.$(`${SECTION} figure.tall a[download$="small.png"]`));

    writeFileSync(file, readFileSync(file, 'utf8').replace('A small good timeline', 'A renamed timeline'));
    const second = await waitFor('the new render', async () => {
      const title = await page.$eval(`${SECTION} h2`, (h) => h.textContent);
      const src = await loadedTallImage(page);
      return title === 'A renamed timeline' && src && src !== first ? src : null;
    });

    writeFileSync(file, '{\n  "title": "Broken",\n  "events": [,]\n}\n');
    const message = await waitFor('the error', () =>
      page.evaluate((selector) => document.querySelector(`${selector} .error pre`)?.textContent, SECTION),
    );
    assert.match(message, /small\.json:3:\d+: /);
    assert.is(await loadedTallImage(page), second, 'the last good render stays visible');
    assert.equal(pageErrors, []);
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
