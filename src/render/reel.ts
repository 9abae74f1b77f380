import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throwIfCancelled, TimelineError, type CancelSignal } from '../errors.ts';
import type { Scene } from '../layout/scene.ts';
import type { Timeline } from '../model/types.ts';
import { NO_PROFILE, type Profiler } from '../profile.ts';
import { eventLine } from './alt.ts';
import { renderRgba } from './png.ts';

/**
 * The vertical video: the story frames shown one after another, each held long enough to read
 * and pushed up by the next in a short slide, encoded as H.264 by the ffmpeg binary that
 * @ffmpeg-installer ships in the npm registry; with an SRT caption for each event while it shows.
 */

export const REEL_FPS = 30;
/** Reels, TikTok and Shorts all take 15 to 60 s; under 15 s a feed treats a video as a loop. */
export const REEL_MIN_SECONDS = 15;
export const REEL_MAX_SECONDS = 60;
/** The cover is read at a glance: title, span, count. */
const COVER_SECONDS = 3;
/** A frame of events: a second to find one's place, then its words at a slow reading pace for text over video. */
const SETTLE_SECONDS = 1;
const WORDS_PER_SECOND = 3.5;
/** Below this a frame of text is gone before it is read: a longer timeline belongs in the carousel. */
const MIN_HOLD_SECONDS = 2.5;
/** The slide from one frame to the next: short enough not to cost reading time, long enough to see where the text went. */
const SLIDE_FRAMES = 12;
/** Most frames, cover included, that fit in a reel's 60 s at the shortest hold: a longer timeline is made as a series of reels. */
export const REEL_MAX_FRAMES = Math.floor((REEL_MAX_SECONDS + SLIDE_FRAMES / REEL_FPS) / (MIN_HOLD_SECONDS + SLIDE_FRAMES / REEL_FPS));

/** One frame of the video (cover or events) and how long it stays still. */
export interface ReelHold {
  scene: Scene;
  frames: number;
}

/** A caption: shown from `start` to `end` seconds. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

export interface ReelPlan {
  holds: ReelHold[];
  cues: Cue[];
  /** Length in frames at REEL_FPS. */
  frames: number;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The events a frame shows, in reading order. */
const eventsOf = (scene: Scene) => scene.layers.flatMap((l) => (l.role === 'event' && l.eventIndex !== undefined ? [l.eventIndex] : []));

/**
 * How long each frame holds, and the captions: each frame's reading time from its words,
 * stretched to the 15 s a feed needs or squeezed to its 60 s, never under MIN_HOLD_SECONDS a
 * frame; each event's caption runs for its share of its frame's words. `coverCaption`: what the
 * cover's caption says, the title by default (a part of a series says which part).
 */
export function planReel(timeline: Timeline, scenes: readonly Scene[], coverCaption = timeline.title): ReelPlan {
  const lines = scenes.map((scene) => eventsOf(scene).map((index) => eventLine(timeline, index)));
  const reading = lines.map((eventLines, i) =>
    i === 0 ? COVER_SECONDS : SETTLE_SECONDS + eventLines.reduce((sum, line) => sum + wordCount(line), 0) / WORDS_PER_SECOND,
  );
  const slides = ((scenes.length - 1) * SLIDE_FRAMES) / REEL_FPS;
  const natural = reading.reduce((a, b) => a + b, 0);
  const fastest = scenes.length * MIN_HOLD_SECONDS + slides;
  if (fastest > REEL_MAX_SECONDS) {
    throw new TimelineError(
      `The reel would run ${Math.ceil(fastest)} s with its ${scenes.length} frames held ${MIN_HOLD_SECONDS} s each, over the ${REEL_MAX_SECONDS} s a reel may last. Cut events, or use the linkedin or instagram preset.`,
    );
  }
  const target = Math.min(REEL_MAX_SECONDS, Math.max(REEL_MIN_SECONDS, natural + slides)) - slides;
  const seconds = fitHolds(reading, target);
  const holds: ReelHold[] = [];
  const cues: Cue[] = [];
  let frame = 0;
  for (const [i, scene] of scenes.entries()) {
    if (i > 0) frame += SLIDE_FRAMES;
    const frames = Math.round(seconds[i]! * REEL_FPS);
    holds.push({ scene, frames });
    cues.push(...frameCues(i === 0 ? [coverCaption] : lines[i]!, frame / REEL_FPS, (frame + frames) / REEL_FPS));
    frame += frames;
  }
  return { holds, cues, frames: frame };
}

/** Holds scaled to add up to `target` seconds, none under the minimum (the others give up the time). */
function fitHolds(reading: readonly number[], target: number): number[] {
  const floored = new Set<number>();
  for (;;) {
    const free = reading.reduce((sum, r, i) => (floored.has(i) ? sum : sum + r), 0);
    const room = target - floored.size * MIN_HOLD_SECONDS;
    const seconds = reading.map((r, i) => (floored.has(i) ? MIN_HOLD_SECONDS : (r * room) / free));
    const short = seconds.findIndex((s, i) => s < MIN_HOLD_SECONDS && !floored.has(i));
    if (short < 0) return seconds;
    floored.add(short);
  }
}

/** A frame's time split among its events by their words, a caption each. */
function frameCues(texts: readonly string[], start: number, end: number): Cue[] {
  const words = texts.map((text) => Math.max(1, wordCount(text)));
  const total = words.reduce((a, b) => a + b, 0);
  let at = start;
  return texts.map((text, i) => {
    const next = i === texts.length - 1 ? end : at + ((end - start) * words[i]!) / total;
    const cue = { start: at, end: next, text };
    at = next;
    return cue;
  });
}

const srtTime = (seconds: number) => {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
};

/** The captions as SubRip: numbered cues, "00:00:03,400 --> 00:00:07,100", the text on the lines after. */
export function srt(cues: readonly Cue[]): string {
  return cues
    .map((cue, i) => `${i + 1}\n${srtTime(cue.start)} --> ${srtTime(cue.end)}\n${cue.text.replace(/\s*\n\s*/g, ' ')}\n`)
    .join('\n');
}

/** A frame in the encoder's input format: planar YUV 4:2:0, BT.709, limited range. */
interface YuvFrame {
  width: number;
  height: number;
  bytes: Buffer;
}

/** RGBA to YUV 4:2:0 with BT.709 coefficients, the matrix players assume for HD video; chroma averaged over each 2x2 block. */
function toYuv(rgba: Buffer, width: number, height: number): YuvFrame {
  const bytes = Buffer.alloc((width * height * 3) / 2);
  const uPlane = width * height;
  const vPlane = uPlane + (width * height) / 4;
  for (let i = 0, p = 0; p < width * height; p++, i += 4) {
    bytes[p] = 16 + (((46.74 * rgba[i]! + 157.23 * rgba[i + 1]! + 15.87 * rgba[i + 2]!) / 256 + 0.5) | 0);
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let [r, g, b] = [0, 0, 0];
      for (const i of [(y * width + x) * 4, (y * width + x + 1) * 4, ((y + 1) * width + x) * 4, ((y + 1) * width + x + 1) * 4]) {
        r += rgba[i]!;
        g += rgba[i + 1]!;
        b += rgba[i + 2]!;
      }
      const c = (y / 2) * (width / 2) + x / 2;
      bytes[uPlane + c] = 128 + Math.round((-25.76 * r - 86.68 * g + 112.44 * b) / 1024);
      bytes[vPlane + c] = 128 + Math.round((112.44 * r - 102.12 * g - 10.32 * b) / 1024);
    }
  }
  return { width, height, bytes };
}

/** A frame of the slide: `from` moved up by `shift` rows (even), `to` coming in below it. */
function slideFrame(from: YuvFrame, to: YuvFrame, shift: number, out: Buffer): Buffer {
  const { width, height } = from;
  const planes = [
    { offset: 0, w: width, h: height, s: shift },
    { offset: width * height, w: width / 2, h: height / 2, s: shift / 2 },
    { offset: width * height * 1.25, w: width / 2, h: height / 2, s: shift / 2 },
  ];
  for (const { offset, w, h, s } of planes) {
    from.bytes.copy(out, offset, offset + s * w, offset + h * w);
    to.bytes.copy(out, offset + (h - s) * w, offset, offset + s * w);
  }
  return out;
}

/** Eases the slide in and out, so it neither jumps nor drags. */
const ease = (t: number) => (t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t));

let ffmpegPath: Promise<string> | undefined;

/** The encoder binary shipped for this platform by @ffmpeg-installer, loaded only when a reel is asked for. */
function encoderPath(): Promise<string> {
  ffmpegPath ??= import('@ffmpeg-installer/ffmpeg').then(
    (m) => m.default.path,
    (error: unknown) => {
      ffmpegPath = undefined;
      throw new TimelineError(
        `The reel needs the ffmpeg binary that @ffmpeg-installer ships for this platform, and it is missing: ${String(error)}. Reinstall the package's dependencies (npm ci).`,
        'internal',
      );
    },
  );
  return ffmpegPath;
}

export interface ReelOptions {
  profile?: Pick<Profiler, 'time'>;
  /** Stops the encoding between frames once set. */
  signal?: CancelSignal;
}

/**
 * The plan as an MP4: H.264 (High profile), yuv420p, no audio, `faststart` so a feed plays it
 * while it loads. Each frame is drawn once and converted once; the encoder gets frame after
 * frame through a pipe, so memory holds two frames, never the video's.
 */
export async function encodeReel(plan: ReelPlan, zoom: number, options: ReelOptions = {}): Promise<Buffer> {
  const profile = options.profile ?? NO_PROFILE;
  const first = plan.holds[0]!.scene;
  const [width, height] = [Math.round(first.width * zoom), Math.round(first.height * zoom)];
  const folder = await mkdtemp(join(tmpdir(), 'timeline-reel-'));
  const file = join(folder, 'reel.mp4');
  const encoder = spawn(
    await encoderPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-s',
      `${width}x${height}`,
      '-r',
      String(REEL_FPS),
      '-i',
      'pipe:0',
      '-an',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-tune',
      'stillimage',
      '-crf',
      '20',
      '-profile:v',
      'high',
      '-pix_fmt',
      'yuv420p',
      '-colorspace',
      'bt709',
      '-color_primaries',
      'bt709',
      '-color_trc',
      'bt709',
      '-color_range',
      'tv',
      '-movflags',
      '+faststart',
      '-map_metadata',
      '-1',
      '-fflags',
      '+bitexact',
      '-y',
      file,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let messages = '';
  encoder.stderr.on('data', (chunk: Buffer) => {
    messages += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    encoder.on('error', reject);
    encoder.on('close', resolve);
  });
  // A write after ffmpeg has gone fails with EPIPE; its exit code and message say why.
  encoder.stdin.on('error', () => undefined);
  const write = (bytes: Buffer) =>
    new Promise<void>((resolve) => (encoder.stdin.write(bytes) ? resolve() : encoder.stdin.once('drain', resolve)));
  const draw = async (scene: Scene) => {
    const { pixels } = await profile.time('rasterise', () => renderRgba(scene, zoom));
    return toYuv(pixels, width, height);
  };
  try {
    const slide = Buffer.alloc((width * height * 3) / 2);
    let shown: YuvFrame | undefined;
    for (const hold of plan.holds) {
      throwIfCancelled(options.signal);
      const next = await draw(hold.scene);
      if (shown) {
        for (let f = 1; f <= SLIDE_FRAMES; f++) {
          if (encoder.exitCode !== null) break;
          await write(slideFrame(shown, next, 2 * Math.round((ease(f / (SLIDE_FRAMES + 1)) * height) / 2), slide));
        }
      }
      for (let f = 0; f < hold.frames && encoder.exitCode === null; f++) await write(next.bytes);
      shown = next;
    }
    encoder.stdin.end();
    const code = await profile.time('encode', () => exited);
    if (code !== 0)
      throw new TimelineError(`ffmpeg could not encode the reel (exit ${code}): ${messages.trim() || 'no message'}`, 'internal');
    return await readFile(file);
  } finally {
    if (encoder.exitCode === null) encoder.kill();
    await rm(folder, { recursive: true, force: true });
  }
}
