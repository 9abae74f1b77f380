// The anchor: what a newsroom does without timeline-render. The same timeline as an HTML page,
// rendered by Debian's Chromium through puppeteer-core to a full-page PNG at 2x and a Letter PDF,
// in one browser session. Usage: node scripts/bench/anchor.mjs timeline.json outdir
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [file, out] = process.argv.slice(2);
const t = JSON.parse(readFileSync(file, 'utf8'));
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const actor = (id) => t.actors.find((a) => a.id === id);
const sides = t.actors.filter((a) => !a.joint);
const cards = t.events.map((e) => {
  const a = actor(e.actor);
  const side = a.joint ? 'center' : a === sides[0] ? 'left' : 'right';
  return `<article class="card ${side}" style="border-top-color:${a.color}"><div class="date" style="color:${a.color}">${escape(e.date)}<span>${escape(a.label ?? a.id)}</span></div><p>${escape(e.text)}</p></article>`;
}).join('');
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body{margin:0;background:#f6f3ec;font-family:'Noto Sans',sans-serif;color:#1b1b1b;width:1080px}
main{padding:60px}h1{font-family:'Noto Serif',serif;font-size:62px;line-height:1.12;margin:0}
.dek{font-family:'Noto Serif',serif;font-style:italic;font-size:30px;color:#55514a}
.stack{position:relative;display:grid;grid-template-columns:1fr 1fr;gap:30px 80px}
.stack:before{content:'';position:absolute;left:50%;top:0;bottom:0;width:3px;background:#b9b1a1}
.card{position:relative;background:#fff;border:1px solid #dcd5c6;border-top:6px solid;padding:18px 22px 22px}
.left{grid-column:1}.right{grid-column:2}.center{grid-column:1/3;width:62%;justify-self:center}
.date{font-weight:700;font-size:17px;letter-spacing:1.2px;text-transform:uppercase;display:flex;justify-content:space-between}
.date span{color:#55514a}p{font-size:24px;line-height:1.42;margin:10px 0 0}
footer{margin-top:40px;font-size:17px;color:#55514a}</style></head><body><main>
<h1>${escape(t.title)}</h1><p class="dek">${escape(t.dek ?? '')}</p><section class="stack">${cards}</section>
<footer>${escape(t.credit ?? '')}<br>${escape(t.source ?? '')}</footer></main></body></html>`;

const profile = mkdtempSync(join(tmpdir(), 'anchor-'));
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1080, height: 1350, deviceScaleFactor: 2 });
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path: join(out, 'anchor.png'), fullPage: true });
  await page.pdf({ path: join(out, 'anchor.pdf'), format: 'letter', printBackground: true });
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
