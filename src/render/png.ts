import { availableParallelism } from 'node:os';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FACES } from '../fonts/index.ts';
import { sceneHasPhotos, sceneToSvg, type Scene } from '../layout/scene.ts';
import { encodePngBands, type Band } from './png-encode.ts';
import { outlineText } from './glyph-paths.ts';
import { NO_PROFILE, type Profiler } from '../profile.ts';
import { throwIfCancelled, type CancelSignal } from '../errors.ts';

/** Device pixel rows drawn at once: a tall image is drawn band by band, so memory holds a few bands, not the image. */
const BAND_ROWS = 2048;

/**
 * Bands drawn at once on libuv's threads while the main thread indexes the ones before (and,
 * since the PDF is made at the same time, lays out and writes the PDF): one a core, at most
 * four, for memory. Measured on two cores: one band ahead left the main thread idle for 1.2 s
 * of a 120-event render's 3 s; two ahead took it from 2.90-3.15 s to 2.61-2.77 s (the seed 0.85-0.89
 * to 0.81-0.85 s) for about 80 MiB more at the peak (120 events: 400-426 MB RSS to 483-487).
 */
const BANDS_IN_FLIGHT = Math.max(1, Math.min(4, availableParallelism()));

function resvgOptions(scene: Scene, scale: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    // The background fills the pixmap directly: as a full-size rect it cost a third of a band's drawing.
    background: scene.background,
    // Words are outlines already; the fonts serve any word that was left as text.
    font: { loadSystemFonts: false, fontFiles: FONT_FACES.map((f) => f.file), defaultFontFamily: FONT_FACES[0]!.family },
    shapeRendering: 2,
    textRendering: 1,
  };
}

export interface PngOptions {
  profile?: Pick<Profiler, 'time'>;
  /** Stops the drawing between bands once set. */
  signal?: CancelSignal;
}

/** Draws bands ahead of the encoder, in order, at most BANDS_IN_FLIGHT at a time. */
async function* drawBands(scene: Scene, scale: number, { profile = NO_PROFILE, signal }: PngOptions): AsyncIterable<Band> {
  const height = Math.round(scene.height * scale);
  const bandHeight = BAND_ROWS / scale;
  const options = resvgOptions(scene, scale);
  const tops: number[] = [];
  for (let top = 0; top < scene.height && Math.round(top * scale) < height; top += bandHeight) tops.push(top);
  const draw = (top: number): Promise<Band> => {
    throwIfCancelled(signal);
    const rows = Math.min(BAND_ROWS, height - Math.round(top * scale));
    const svg = sceneToSvg(scene, { top, height: rows / scale, background: false });
    const band = renderAsync(svg, options).then((image) => ({ rgba: image.pixels, rows: image.height }));
    // A band drawn ahead may never be asked for (the encoder can stop early); its failure must not go unhandled.
    band.catch(() => undefined);
    return band;
  };
  // A queue, not a list: a band's pixels must be free to go once the encoder has them.
  const pending = tops.slice(0, BANDS_IN_FLIGHT).map(draw);
  for (let next = BANDS_IN_FLIGHT; pending.length > 0; next++) {
    const band = await profile.time('rasterise', () => pending.shift()!);
    if (next < tops.length) pending.push(draw(tops[next]!));
    yield band;
  }
}

/** A scene's pixels, drawn whole: RGBA, opaque over the scene's background (a video frame). */
export async function renderRgba(scene: Scene, scale: number): Promise<{ pixels: Buffer; width: number; height: number }> {
  const outlined = { ...scene, layers: scene.layers.map((l) => ({ ...l, svg: outlineText(l.svg) })) };
  const image = await renderAsync(sceneToSvg(outlined, { top: 0, height: scene.height, background: false }), resvgOptions(scene, scale));
  return { pixels: image.pixels, width: image.width, height: image.height };
}

/**
 * A scene as PNG bytes at `scale` device pixels per layout pixel, losslessly compressed.
 * Only the shipped fonts are used. Each band is the scene's layers that reach into it, drawn
 * by resvg through a viewBox window.
 */
export async function renderPng(scene: Scene, scale: number, options: PngOptions = {}): Promise<Buffer> {
  const profile = options.profile ?? NO_PROFILE;
  const width = Math.round(scene.width * scale);
  const height = Math.round(scene.height * scale);
  const outlined: Scene = await profile.time('outline', () => ({
    ...scene,
    layers: scene.layers.map((l) => ({ ...l, svg: outlineText(l.svg) })),
  }));
  return profile.time('encode', () => encodePngBands(width, height, () => drawBands(outlined, scale, options), !sceneHasPhotos(scene)));
}
