import { etagOf } from './http.ts';
import { fileError, SCREEN_SUFFIX, type PartName, type PreviewEntry, type PreviewFile } from './preview.ts';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const kilobytes = (bytes: number): string => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US')} KB`;

/** A PNG's size from its header, for captions. */
const pngSize = (bytes: Buffer): string => `${bytes.readUInt32BE(16)} × ${bytes.readUInt32BE(20)} px`;

const fileUrl = (entry: PreviewEntry, file: PreviewFile): string =>
  `/files/${encodeURIComponent(entry.id)}/${encodeURIComponent(file.name)}?v=${encodeURIComponent(file.etag.slice(1, 13))}`;

/** The alt text written beside an image, as the image's own alt attribute. */
function altFor(files: readonly PreviewFile[], image: PreviewFile): string {
  const alt = files.find((f) => f.name === image.name.replace(/\.png$/, '.alt.txt'));
  return alt ? alt.bytes.toString('utf8').trim() : image.name;
}

function figure(entry: PreviewEntry, files: readonly PreviewFile[], image: PreviewFile, label: string, className: string): string {
  const url = fileUrl(entry, image);
  return (
    `<figure class="${className}"><a class="frame" href="${url}" target="_blank"><img src="${url}" alt="${escapeHtml(altFor(files, image))}"></a>` +
    `<figcaption><b>${escapeHtml(label)}</b> <a href="${url}" download="${escapeHtml(image.name)}">Download</a><br>${pngSize(image.bytes)} · ${kilobytes(image.bytes.length)}</figcaption></figure>`
  );
}

const CUT_NAMES: Record<string, string> = { og: 'Link preview', x: 'X post', instagram: 'Instagram', story: 'Story' };

/** Caption of a social cut from its file name: "Link preview", "Instagram 3", "Instagram part 2, 3" (a carousel in parts). */
function cutLabel(entry: PreviewEntry, name: string): string {
  const [preset, ...numbers] = name
    .slice(entry.id.length + 1)
    .replace(/\.png$/, '')
    .split('-');
  const label = CUT_NAMES[preset!] ?? preset!;
  const [part, number] = numbers.length === 2 ? numbers : [undefined, numbers[0]];
  return `${label}${part ? ` part ${Number(part)},` : ''}${number ? ` ${Number(number)}` : ''}`;
}

/** What stands where a render is missing: it is on its way, or the file's error stops it. */
function pending(entry: PreviewEntry, coming: string, ...parts: PartName[]): string {
  if (fileError(entry) && entry.running.size === 0) return 'Nothing rendered yet.';
  const failed = parts.length > 0 && parts.every((part) => entry.errors[part] && !entry.running.has(part));
  return failed ? 'Not drawn: see above.' : coming;
}

/**
 * Why one part could not be drawn when the file itself is fine (a carousel over its slide
 * limit), shown where that part stands; the file's own errors are shown once, above all.
 */
function partError(entry: PreviewEntry, ...parts: PartName[]): string {
  if (fileError(entry)) return '';
  return parts
    .map((part) => entry.errors[part])
    .filter((e) => e !== undefined)
    .map((e) => `<div class="error part"><pre>${escapeHtml(e.message)}</pre></div>`)
    .join('');
}

/** The tall image at screen size; its download is the 2x file once that is drawn. */
function tallColumn(entry: PreviewEntry): string {
  const files = entry.parts.screen;
  const screen = files?.find((f) => f.name === `${entry.id}${SCREEN_SUFFIX}.png`);
  if (!files || !screen) return `<div class="tall placeholder">${pending(entry, 'The tall image is being drawn…')}</div>`;
  const url = fileUrl(entry, screen);
  const tall = entry.parts.tall?.find((f) => f.name === `${entry.id}.png`);
  const download = tall
    ? `<a href="${fileUrl(entry, tall)}" download="${escapeHtml(tall.name)}">Download</a><br>${pngSize(tall.bytes)} · ${kilobytes(tall.bytes.length)}`
    : `${partError(entry, 'tall')}<span class="placeholder">${pending(entry, 'The 2x file is being drawn…', 'tall')}</span>`;
  return (
    `<figure class="tall"><a class="frame" href="${url}" target="_blank"><img src="${url}" alt="${escapeHtml(altFor(files, screen))}"></a>` +
    `<figcaption><b>Tall image</b> ${download}</figcaption></figure>`
  );
}

const CUT_ORDER = Object.keys(CUT_NAMES);

/** The cuts in the order a social editor reads them: link preview, X post, carousel, story. */
function socialBlock(entry: PreviewEntry): string {
  const head = `<h3>Social cuts</h3>${partError(entry, 'social', 'carousel')}`;
  const files = [...(entry.parts.social ?? []), ...(entry.parts.carousel ?? [])];
  const images = files.filter((f) => f.name.endsWith('.png'));
  if (images.length === 0) return `${head}<p class="placeholder">${pending(entry, 'Being drawn…', 'social', 'carousel')}</p>`;
  const rank = (f: PreviewFile) => CUT_ORDER.indexOf(f.name.slice(entry.id.length + 1).split(/[-.]/)[0]!);
  images.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return `${head}<div class="cuts">${images.map((image) => figure(entry, files, image, cutLabel(entry, image.name), 'cut')).join('')}</div>`;
}

function printBlock(entry: PreviewEntry): string {
  const files = entry.parts.print;
  const pdf = files?.find((f) => f.name.endsWith('.pdf'));
  if (!files || !pdf)
    return `<h3>Print PDF</h3>${partError(entry, 'print')}<p class="placeholder">${pending(entry, 'Being set…', 'print')}</p>`;
  const pages = files.filter((f) => /\.page-\d+\.png$/.test(f.name));
  const url = fileUrl(entry, pdf);
  return (
    `<h3>Print PDF</h3>${partError(entry, 'print')}<p><a class="button" href="${url}" download="${escapeHtml(pdf.name)}">Download the PDF</a> ${pages.length} pages · ${kilobytes(pdf.bytes.length)}</p>` +
    `<div class="pages">${pages.map((page, i) => figure(entry, files, page, `Page ${i + 1}`, 'page')).join('')}</div>`
  );
}

/** LinkedIn's document carousel: its pages as drawn, with the PDF to download. */
function linkedinBlock(entry: PreviewEntry): string {
  const files = entry.parts.linkedin;
  const pdf = files?.find((f) => f.name.endsWith('.linkedin.pdf'));
  const head = `<h3>LinkedIn document</h3>${partError(entry, 'linkedin')}`;
  if (!files || !pdf) return `${head}<p class="placeholder">${pending(entry, 'Being set…', 'linkedin')}</p>`;
  const pages = files.filter((f) => /\.linkedin\.page-\d+\.png$/.test(f.name));
  const url = fileUrl(entry, pdf);
  return (
    `${head}<p><a class="button" href="${url}" download="${escapeHtml(pdf.name)}">Download the PDF</a> ${pages.length} pages of 1080 × 1350 · ${kilobytes(pdf.bytes.length)}</p>` +
    `<div class="cuts">${pages.map((page, i) => figure(entry, files, page, `Page ${i + 1}`, 'cut')).join('')}</div>`
  );
}

/** The vertical video (each part of a series of them), playing muted as a feed would, with its captions to download. */
function reelBlock(entry: PreviewEntry): string {
  const files = entry.parts.reel;
  const videos = files?.filter((f) => /\.reel(-\d+)?\.mp4$/.test(f.name)) ?? [];
  const head = `<h3>Video (Reels, TikTok, Shorts)</h3>${partError(entry, 'reel')}`;
  if (!files || videos.length === 0) return `${head}<p class="placeholder">${pending(entry, 'Being encoded…', 'reel')}</p>`;
  return (
    head +
    videos.map((video, i) => reelFigure(entry, files, video, videos.length > 1 ? `Part ${i + 1} of ${videos.length} · ` : '')).join('')
  );
}

function reelFigure(entry: PreviewEntry, files: readonly PreviewFile[], video: PreviewFile, part: string): string {
  const url = fileUrl(entry, video);
  const base = video.name.replace(/\.mp4$/, '');
  const captions = files.find((f) => f.name === `${base}.srt`);
  const alt =
    files
      .find((f) => f.name === `${base}.alt.txt`)
      ?.bytes.toString('utf8')
      .trim() ?? video.name;
  return (
    `<figure class="reel"><video src="${url}" controls muted playsinline preload="metadata" aria-label="${escapeHtml(alt)}"></video>` +
    `<figcaption><b>${part}1080 × 1920, 30 fps</b> <a href="${url}" download="${escapeHtml(video.name)}">Download</a> · ${kilobytes(video.bytes.length)}` +
    `${captions ? ` <a href="${fileUrl(entry, captions)}" download="${escapeHtml(captions.name)}">Captions (.srt)</a>` : ''}</figcaption></figure>`
  );
}

function status(entry: PreviewEntry): string {
  if (entry.running.size > 0) return '<span class="status busy">Rendering…</span>';
  if (fileError(entry)) return '<span class="status failed">Error</span>';
  const time = entry.renderedAt?.toLocaleTimeString('en-GB') ?? '';
  return `<span class="status ok">Rendered ${time}</span>`;
}

/** One timeline's section of the page; the page swaps it in whole when the file changes. */
export function timelineSection(entry: PreviewEntry): string {
  const rendered = Object.keys(entry.parts).length > 0;
  const headline = rendered
    ? 'The file has an error. The last good render stays below until it is fixed.'
    : 'The file has an error. Nothing can be drawn until it is fixed.';
  const error = fileError(entry);
  const banner = error ? `<div class="error" role="alert"><strong>${headline}</strong><pre>${escapeHtml(error.message)}</pre></div>` : '';
  return `<section class="timeline" data-id="${escapeHtml(entry.id)}">
<div class="head"><h2>${escapeHtml(entry.title ?? entry.id)}</h2><p class="file"><code>${escapeHtml(entry.file)}</code> ${status(entry)}</p></div>
${banner}
<div class="columns">${tallColumn(entry)}<div class="side">${socialBlock(entry)}${linkedinBlock(entry)}${reelBlock(entry)}${printBlock(entry)}</div></div>
</section>`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#f2f1ee}
header{display:flex;align-items:baseline;gap:16px;padding:16px 28px;background:#1d1d1f;color:#fff}
header h1{font-size:18px;margin:0}header p{margin:0;color:#c9c9c9}#live{margin-left:auto;font-size:13px;color:#8fd19e}#live.off{color:#f0a58f}
main{padding:24px 28px;display:grid;gap:28px}
section.timeline{background:#fff;border-radius:10px;padding:20px 24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.head h2{margin:0 0 4px;font-size:22px}.file{margin:0 0 14px;color:#555}.file code{font-size:13px}
.status{margin-left:10px;padding:2px 8px;border-radius:10px;font-size:12px}.ok{background:#e3f3e6;color:#1b5e2a}.busy{background:#fff3d6;color:#7a5200}.failed{background:#fde4e1;color:#9b1c10}
.error{border-left:5px solid #c0392b;background:#fdf0ee;padding:10px 14px;margin:0 0 16px;border-radius:4px}.error.part{margin:0 0 10px;padding:6px 10px}.error pre{white-space:pre-wrap;margin:6px 0 0;font-size:13px}
.columns{display:grid;grid-template-columns:minmax(260px,400px) 1fr;gap:28px;align-items:start}
figure{margin:0}img{display:block;max-width:100%;height:auto;border:1px solid #ddd;background:#fafafa}
figure.tall .frame{display:block;max-height:78vh;overflow-y:auto;border:1px solid #ddd}figure.tall img{border:0}
figcaption{font-size:12px;color:#555;margin-top:4px;line-height:1.5}figcaption b{color:#1d1d1f;font-weight:600}figcaption a{margin-left:6px}
h3{font-size:15px;margin:0 0 8px}.side h3:not(:first-child){margin-top:22px}
.cuts{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
.pages{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
figure.reel video{display:block;width:270px;max-width:100%;aspect-ratio:9/16;background:#111;border:1px solid #ddd}
.button{display:inline-block;background:#1d1d1f;color:#fff;padding:5px 12px;border-radius:6px;text-decoration:none}
.placeholder{color:#777;font-style:italic}div.placeholder{padding:40px 10px;border:1px dashed #bbb;text-align:center}
@media (max-width:800px){.columns{grid-template-columns:1fr}}
`;

// Swaps in a timeline's section when the server says it changed; no reload by hand.
const SCRIPT = `
const live = document.getElementById('live');
const events = new EventSource('/events');
let dropped = false;
// Back after the server went away: changes may have been missed, so the page starts afresh.
events.onopen = () => { if (dropped) location.reload(); live.textContent = '● live'; live.className = ''; };
events.onerror = () => { dropped = true; live.textContent = '● reconnecting'; live.className = 'off'; };
events.addEventListener('remove', (message) => {
  const { id } = JSON.parse(message.data);
  document.querySelector('section[data-id="' + CSS.escape(id) + '"]')?.remove();
});
events.addEventListener('update', async (message) => {
  const { id } = JSON.parse(message.data);
  const response = await fetch('/timeline/' + encodeURIComponent(id));
  if (!response.ok) return;
  const template = document.createElement('template');
  template.innerHTML = (await response.text()).trim();
  const fresh = template.content.firstElementChild;
  const old = document.querySelector('section[data-id="' + CSS.escape(id) + '"]');
  if (old) old.replaceWith(fresh); else document.querySelector('main').append(fresh);
});
`;

/** The preview page: every served timeline, updated in place as files are saved. */
export function previewPage(entries: readonly PreviewEntry[]): string {
  const count = `${entries.length} timeline${entries.length === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>timeline-render preview</title><link rel="icon" href="/favicon.ico" type="image/svg+xml"><style>${STYLE}</style></head>
<body><header><h1>timeline-render</h1><p>${count}. Save a data file and its render updates here.</p><span id="live">● connecting</span></header>
<main>${entries.map(timelineSection).join('\n')}</main>
<script>${SCRIPT}</script></body></html>`;
}

/** The page's icon, a timeline's spine and three events: browsers ask for one, and a 404 each time is noise in every log. */
const ICON_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d1d1f"/>' +
    '<rect x="9" y="5" width="3" height="22" fill="#c9c9c9"/><circle cx="10.5" cy="9" r="3" fill="#1f5a96"/><circle cx="10.5" cy="16" r="3" fill="#b42a22"/>' +
    '<circle cx="10.5" cy="23" r="3" fill="#5d3f8f"/><rect x="16" y="7.5" width="10" height="3" fill="#fff"/><rect x="16" y="14.5" width="8" height="3" fill="#fff"/><rect x="16" y="21.5" width="10" height="3" fill="#fff"/></svg>',
);

export const FAVICON = { bytes: ICON_SVG, type: 'image/svg+xml', etag: etagOf(ICON_SVG) };
