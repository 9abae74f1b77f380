// The anchor's side of the bench: what a newsroom does without timeline-render. A timeline as an
// HTML page (the tall image and its print PDF) or as a 1200x630 card (og), rendered by Debian's
// Chromium through puppeteer-core, each render in a new page of one browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const actorOf = (t, id) => t.actors.find((a) => a.id === id);

const STYLE = `body{margin:0;background:#f6f3ec;font-family:'Noto Sans',sans-serif;color:#1b1b1b}
h1{font-family:'Noto Serif',serif;line-height:1.12;margin:0}.dek{font-family:'Noto Serif',serif;font-style:italic;color:#55514a}`;

/** The tall page: header, the cards in two columns about a spine, the footer. */
export function tallHtml(t) {
  const sides = t.actors.filter((a) => !a.joint);
  const cards = t.events
    .map((e) => {
      const a = actorOf(t, e.actor);
      const side = a.joint ? 'center' : a === sides[0] ? 'left' : 'right';
      return `<article class="card ${side}" style="border-top-color:${a.color}"><div class="date" style="color:${a.color}">${escapeHtml(e.date)}<span>${escapeHtml(a.label ?? a.id)}</span></div><p>${escapeHtml(e.text)}</p></article>`;
    })
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${STYLE}
body{width:1080px}main{padding:60px}h1{font-size:62px}.dek{font-size:30px}
.stack{position:relative;display:grid;grid-template-columns:1fr 1fr;gap:30px 80px}
.stack:before{content:'';position:absolute;left:50%;top:0;bottom:0;width:3px;background:#b9b1a1}
.card{position:relative;background:#fff;border:1px solid #dcd5c6;border-top:6px solid;padding:18px 22px 22px}
.left{grid-column:1}.right{grid-column:2}.center{grid-column:1/3;width:62%;justify-self:center}
.date{font-weight:700;font-size:17px;letter-spacing:1.2px;text-transform:uppercase;display:flex;justify-content:space-between}
.date span{color:#55514a}p{font-size:24px;line-height:1.42;margin:10px 0 0}
footer{margin-top:40px;font-size:17px;color:#55514a}</style></head><body><main>
<h1>${escapeHtml(t.title)}</h1><p class="dek">${escapeHtml(t.dek ?? '')}</p><section class="stack">${cards}</section>
<footer>${escapeHtml(t.credit ?? '')}<br>${escapeHtml(t.source ?? '')}</footer></main></body></html>`;
}

/** The og card: kicker, title, dek, the span of dates, a strip of one dot per event, the legend. */
export function ogHtml(t) {
  const dots = t.events
    .map((e, i) => `<i style="left:${(i / Math.max(1, t.events.length - 1)) * 100}%;background:${actorOf(t, e.actor).color}"></i>`)
    .join('');
  const legend = t.actors.map((a) => `<span><i style="background:${a.color}"></i>${escapeHtml(a.label ?? a.id)}</span>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${STYLE}
body{width:1200px;height:630px;overflow:hidden}main{padding:66px}.kicker{font-weight:700;letter-spacing:2px;color:#55514a;font-size:22px}
hr{width:96px;border:0;border-top:6px solid #1b1b1b;margin:34px 0 38px}h1{font-size:60px}.dek{font-size:28px;margin:22px 0}
.span{font-weight:700;font-size:30px}.strip{position:relative;height:3px;background:#b9b1a1;margin:50px 10px 40px}
.strip i{position:absolute;top:-8px;width:18px;height:18px;margin-left:-9px;border-radius:50%;border:1px solid #fff}
.legend{display:flex;gap:44px;font-weight:700;font-size:28px}.legend i{display:inline-block;width:26px;height:26px;border-radius:50%;margin-right:16px;vertical-align:-4px}
</style></head><body><main><div class="kicker">TIMELINE · ${t.events.length} EVENTS</div><hr><h1>${escapeHtml(t.title)}</h1>
<p class="dek">${escapeHtml(t.dek ?? '')}</p><div class="span">${escapeHtml(t.events[0]?.date ?? '')} – ${escapeHtml(t.events.at(-1)?.date ?? '')}</div>
<div class="strip">${dots}</div><div class="legend">${legend}</div></main></body></html>`;
}

export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'anchor-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The tall PNG at 2x and a Letter PDF of one timeline, in a new page. */
export async function renderTall(browser, t, out, name) {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1080, height: 1350, deviceScaleFactor: 2 });
    await page.setContent(tallHtml(t), { waitUntil: 'load' });
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    await page.pdf({ path: join(out, `${name}.pdf`), format: 'letter', printBackground: true });
  } finally {
    await page.close();
  }
}

/** The 1200x630 og card of one timeline, in a new page. */
export async function renderOg(browser, t, out, name) {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1200, height: 630, deviceScaleFactor: 1 });
    await page.setContent(ogHtml(t), { waitUntil: 'load' });
    await page.screenshot({ path: join(out, `${name}.og.png`) });
  } finally {
    await page.close();
  }
}
