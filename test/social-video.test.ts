import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTimeline } from '../src/load/index.ts';
import { renderOptions } from '../src/options/index.ts';
import { presetImages } from '../src/layout/presets.ts';
import { renderRgba } from '../src/render/png.ts';
import { mergeTheme } from '../src/model/theme.ts';
import { verticalTemplate } from '../templates/vertical.tsx';
import type { Timeline } from '../src/model/types.ts';
import type { Scene } from '../src/layout/scene.ts';
import { startServer } from '../src/serve/index.ts';
import { DATA_FILE, runCli, withTempDir } from './helpers.ts';
import { normalise, readPdf } from './support/pdf.ts';

/**
 * The LinkedIn document carousel and the vertical video, read back by tools that did not make
 * them: qpdf, poppler and pdf.js for the PDF; Debian's ffprobe and ffmpeg (decoding only) for the
 * MP4, whose frames are compared with the slides drawn on their own.
 */

const { timeline } = await loadTimeline(DATA_FILE);
const options = renderOptions({});
const layoutOptions = { template: verticalTemplate, theme: mergeTheme(timeline.theme), scale: 2, maxSlides: options.maxSlides };
const eventsOf = (scene: Scene) => scene.layers.flatMap((l) => (l.role === 'event' && l.eventIndex !== undefined ? [l.eventIndex] : []));
const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });

test('linkedin: one PDF of 4:5 pages, 1080 x 1350, paginated as the carousel, every event whole on its page, tagged, fonts embedded', async () => {
  await withTempDir(async (dir) => {
    const result = runCli([DATA_FILE, '--out', dir, '--preset', 'linkedin', '--format', 'png']);
    assert.is(result.status, 0, result.stderr);
    assert.equal(readdirSync(dir).sort(), ['syria-timeline.linkedin.alt.txt', 'syria-timeline.linkedin.pdf']);
    const file = join(dir, 'syria-timeline.linkedin.pdf');
    assert.ok(statSync(file).size < 100 * 1024 * 1024);
    assert.match(run('qpdf', ['--check', file]), 'No syntax or stream encoding errors');
    const info = run('pdfinfo', ['-f', '1', '-l', '300', file]);
    assert.match(info, /^Tagged:\s+yes$/m);
    const slides = await presetImages('instagram', timeline, layoutOptions);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((m) => m[1]);
    assert.equal(
      sizes,
      slides.map(() => '1080 x 1350 pts'),
      'a page for each Instagram slide, each 1080 x 1350',
    );
    const fonts = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
    assert.ok(
      fonts.length > 0 && fonts.every((line) => / yes yes yes /.test(line)),
      `every font embedded, subset, with a ToUnicode map:\n${fonts.join('\n')}`,
    );
    const pdf = await readPdf(readFileSync(file));
    // The title's first words: a line may break after its hyphen, where pdf.js reads a space.
    assert.match(pdf.pageTexts[0]!, normalise(timeline.title).split(' ').slice(0, 4).join(' '), 'the cover comes first');
    for (const [page, slide] of slides.entries()) {
      for (const index of eventsOf(slide.scene)) {
        const text = normalise(timeline.events[index]!.text);
        assert.ok(pdf.pageTexts[page]!.includes(text), `event ${index} whole on page ${page + 1}: ${text}`);
        assert.is(pdf.pageTexts.filter((t) => t.includes(text)).length, 1, `event ${index} on one page only`);
      }
    }
    const alt = readFileSync(join(dir, 'syria-timeline.linkedin.alt.txt'), 'utf8');
    assert.match(alt, `A document of ${slides.length} pages.`);
    for (const event of timeline.events) assert.ok(alt.includes(event.text), `alt text has: ${event.text}`);
  });
});

/** The seed's first five events: a reel near its shortest, so the test encodes a few hundred frames. */
function shortTimeline(): Timeline {
  const data = JSON.parse(readFileSync(DATA_FILE, 'utf8')) as { events: unknown[] };
  return { ...data, events: data.events.slice(0, 5) } as unknown as Timeline;
}

interface Cue {
  start: number;
  end: number;
  text: string;
}

/** SubRip read strictly: number, "hh:mm:ss,mmm --> hh:mm:ss,mmm", text lines, a blank line. */
function parseSrt(text: string): Cue[] {
  const seconds = (t: string) => {
    const [h, m, s, ms] = t.split(/[:,]/).map(Number);
    return h! * 3600 + m! * 60 + s! + ms! / 1000;
  };
  return text
    .trim()
    .split(/\n\n/)
    .map((block, i) => {
      const [number, times, ...lines] = block.split('\n');
      assert.is(number, String(i + 1), `cue ${i + 1} numbered`);
      const match = times!.match(/^(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)$/);
      assert.ok(match, `cue ${i + 1} times: ${times}`);
      assert.ok(lines.length > 0, `cue ${i + 1} has text`);
      return { start: seconds(match[1]!), end: seconds(match[2]!), text: lines.join(' ') };
    });
}

/** One decoded frame at `seconds`, as RGB, by Debian's ffmpeg. */
function frameAt(file: string, seconds: number): Buffer {
  const result = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { maxBuffer: 1 << 24 },
  );
  assert.is(result.status, 0, String(result.stderr));
  return result.stdout;
}

/** Mean difference per channel between a decoded frame and a slide drawn by resvg. */
function difference(rgb: Buffer, rgba: Buffer): number {
  let sum = 0;
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    sum += Math.abs(rgb[p]! - rgba[q]!) + Math.abs(rgb[p + 1]! - rgba[q + 1]!) + Math.abs(rgb[p + 2]! - rgba[q + 2]!);
  }
  return sum / rgb.length;
}

test('reel: an H.264 yuv420p MP4 at 1080 x 1920 and 30 fps, no audio, 15-60 s; captions cover every event, and the frame at each caption shows that event', async () => {
  await withTempDir(async (dir) => {
    const data = shortTimeline();
    const input = join(dir, 'short.json');
    writeFileSync(input, JSON.stringify(data));
    const result = runCli([input, '--out', dir, '--preset', 'reel', '--format', 'png']);
    assert.is(result.status, 0, result.stderr);
    assert.equal(readdirSync(dir).sort(), ['short.json', 'short.reel.alt.txt', 'short.reel.mp4', 'short.reel.srt']);
    const file = join(dir, 'short.reel.mp4');
    const probe = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file])) as {
      streams: Array<Record<string, string | number>>;
      format: { duration: string; format_name: string };
    };
    assert.is(probe.streams.length, 1, 'one stream: video, no audio');
    const [video] = probe.streams;
    assert.equal(
      [video!.codec_type, video!.codec_name, video!.pix_fmt, video!.width, video!.height, video!.avg_frame_rate],
      ['video', 'h264', 'yuv420p', 1080, 1920, '30/1'],
    );
    assert.match(probe.format.format_name, 'mp4');
    const duration = Number(probe.format.duration);
    assert.ok(duration >= 15 && duration <= 60, `${duration} s`);

    const { timeline: loaded } = await loadTimeline(input);
    const cues = parseSrt(readFileSync(join(dir, 'short.reel.srt'), 'utf8'));
    cues.forEach((cue, i) => {
      assert.ok(cue.start < cue.end && cue.end <= duration + 0.001, `cue ${i + 1} within the video`);
      if (i > 0) assert.ok(cue.start >= cues[i - 1]!.end, `cue ${i + 1} after cue ${i}`);
    });
    assert.match(cues[0]!.text, loaded.title);
    const frames = await presetImages('reel', loaded, layoutOptions);
    const drawn = await Promise.all(frames.map((frame) => renderRgba(frame.scene, frame.zoom)));
    for (const [index, event] of loaded.events.entries()) {
      const cue = cues.find((c) => c.text.startsWith(`${event.date}, `) && c.text.includes(normalise(event.text)));
      assert.ok(cue, `a caption with the date and text of event ${index}`);
      const shown = frameAt(file, (cue.start + cue.end) / 2);
      const distances = drawn.map((slide) => difference(shown, slide.pixels));
      const closest = distances.indexOf(Math.min(...distances));
      assert.ok(
        eventsOf(frames[closest]!.scene).includes(index),
        `at ${cue.start.toFixed(1)}-${cue.end.toFixed(1)} s the video shows the frame with event ${index} (frame ${closest + 1}; differences ${distances.map((d) => d.toFixed(1)).join(', ')})`,
      );
      assert.ok(distances[closest]! < 2, `the frame matches its slide closely: ${distances[closest]!.toFixed(2)}`);
    }
    const alt = readFileSync(join(dir, 'short.reel.alt.txt'), 'utf8');
    assert.match(alt, `A video of ${Math.round(duration)} seconds`);
  });
});

test("serve: the API answers preset=linkedin with the PDF and preset=reel with the MP4; the preview page shows the document's pages and plays the video", async () => {
  await withTempDir(async (dir) => {
    const body = JSON.stringify(shortTimeline());
    writeFileSync(join(dir, 'short.json'), body);
    const server = await startServer({ inputs: [dir], port: 0, service: { renderTimeout: 600 } });
    try {
      const document = await fetch(`${server.url}render?preset=linkedin`, { method: 'POST', body });
      assert.is(document.status, 200, await document.clone().text());
      assert.is(document.headers.get('content-type'), 'application/pdf');
      const pdf = await readPdf(new Uint8Array(await document.arrayBuffer()));
      assert.ok(
        pdf.pageSizes.every(([w, h]) => w === 1080 && h === 1350),
        'pages of 1080 x 1350',
      );
      const reel = await fetch(`${server.url}render?preset=reel`, { method: 'POST', body });
      assert.is(reel.status, 200, await reel.clone().text());
      assert.is(reel.headers.get('content-type'), 'video/mp4');
      const file = join(dir, 'api.mp4');
      writeFileSync(file, Buffer.from(await reel.arrayBuffer()));
      assert.is(
        run('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file]).trim(),
        'h264',
      );

      let section = '';
      for (
        const until = Date.now() + 300_000;
        !section.includes('<video') || !section.includes('short.linkedin.page-');
        await new Promise((r) => setTimeout(r, 500))
      ) {
        assert.ok(Date.now() < until, 'the page shows the video and the document within 5 minutes');
        section = await (await fetch(`${server.url}timeline/short`)).text();
      }
      const pages = [...section.matchAll(/<img src="(\/files\/short\/short\.linkedin\.page-\d+\.png[^"]*)"/g)].map((m) =>
        m[1]!.replace(/&amp;/g, '&'),
      );
      assert.is(pages.length, pdf.pages, 'an image for each page of the document');
      const video = section.match(/<video src="([^"]+)"[^>]*controls/)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(video, 'a video element with controls');
      const served = await fetch(server.url.replace(/\/$/, '') + video);
      assert.is(served.headers.get('content-type'), 'video/mp4');
      assert.ok((await served.arrayBuffer()).byteLength > 10_000);
      assert.match(section, 'short.reel.srt', 'the captions to download');
    } finally {
      await server.close();
    }
  });
});

test.run();
