import { InputError, throwIfCancelled, TimelineError, type CancelSignal } from '../errors.ts';
import { contrastDiagnostics } from '../model/contrast.ts';
import { glyphDiagnostics } from '../fonts/coverage.ts';
import { dayNumber, startYear } from '../model/dates.ts';
import { mergeTheme, type Theme } from '../model/theme.ts';
import { sceneHasPhotos, type LayoutOptions, type Scene } from '../layout/scene.ts';
import { printPages } from '../layout/print.ts';
import type { Template } from '../layout/template-types.ts';
import type { ImageData, Timeline } from '../model/types.ts';
import { overLimit, type Limits } from '../model/limits.ts';
import { verticalTemplate } from '../../templates/vertical.tsx';
import { altText } from './alt.ts';
import { loadPdfkit, pdfImagesFor, renderPdf } from './pdf.ts';
import { renderPng } from './png.ts';
import { renderCarouselPdf } from './linkedin.ts';
import { encodeReel, planReel, REEL_FPS, REEL_MAX_FRAMES, REEL_MAX_SECONDS, srt } from './reel.ts';
import { NO_PROFILE, type Profiler } from '../profile.ts';
import { presetImages, type PresetImage } from '../layout/presets.ts';
import type { PresetName } from '../model/formats.ts';

export { OUTPUT_FORMATS, PRESET_NAMES, type OutputFormat, type PresetName } from '../model/formats.ts';
import type { OutputFormat } from '../model/formats.ts';

/**
 * What to render, every option resolved: the defaults live in the options table
 * (`src/options/table.ts`, `renderOptions()` for a library caller), never here.
 */
export interface RenderOptions {
  formats: readonly OutputFormat[];
  /** Image presets to draw when PNG is asked for. */
  presets: readonly PresetName[];
  /** Device pixels per layout pixel of the tall PNG. */
  scale: number;
  /** Most slides an Instagram carousel may have. */
  maxSlides: number;
  keepOrder: boolean;
  /** Parts of a template of one's own; the built-in template draws the rest. */
  template?: Partial<Template>;
  /** The theme to draw with; by default the timeline's theme block over the defaults. */
  theme?: Theme;
  /** Trim size of the PDF's pages in points. */
  page: { width: number; height: number };
  /** Page margin in points; undefined is the page's own (`auto`: 0.5 in, or a sixteenth of a column slot). */
  margin?: number | undefined;
  /** Background past the trim on every side, in points. */
  bleed: number;
  /** Trim marks outside the bleed. */
  cropMarks: boolean;
  /** Every colour of the PDF as CMYK. */
  cmyk: boolean;
  /** The press profile (ICC) a CMYK PDF is converted for and names as its output intent; FOGRA39 by default. */
  outputIntent?: string;
  /** Told what the output lacks but was still written (an image with no alt text, or too few pixels to print). */
  onWarning?: (message: string) => void;
  /** Creation date written into the PDF; by default SOURCE_DATE_EPOCH, else the timeline's own date. */
  creationDate?: Date;
  /** The images the timeline names, as the loader read them. */
  images?: ReadonlyMap<string, ImageData>;
  /** Bounds on image pixels and PDF pages. */
  limits: Limits;
  /** Also draw each page of a PDF as a PNG this many pixels wide, suffixed `.page-N.png` (`.linkedin.page-N.png`), for previews. */
  pageImageWidth?: number;
  /** Collects the time of each stage (layout, rasterise, encode, pdf). */
  profile?: Pick<Profiler, 'time'>;
  /** Stops the render between cards, bands and files once set, with a CancelledError. */
  signal?: CancelSignal;
}

/** One output as bytes; the caller names it `<base><suffix>` and writes it. */
export interface RenderedFile {
  suffix: string;
  bytes: Buffer;
}

export { LETTER } from '../model/units.ts';

/**
 * The PDF's creation date, never the clock, so the same input gives the same bytes:
 * SOURCE_DATE_EPOCH when set (reproducible builds), else the timeline's `updated` date, else
 * the last day its events reach.
 */
export function creationDateFor(timeline: Timeline, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  if (env.SOURCE_DATE_EPOCH && Number.isInteger(epoch)) return new Date(epoch * 1000);
  const last =
    timeline.updated ??
    timeline.events
      .map((e) => e.range.end)
      .sort((a, b) => dayNumber(a) - dayNumber(b))
      .at(-1)!;
  // A PDF date has a four-digit year: a timeline that ends before year 1 dates its PDF at the epoch.
  return startYear({ start: last, end: last }) < 1 ? new Date(0) : new Date(dayNumber(last) * 86_400_000);
}

/**
 * A render that could make some of its outputs only: `files` holds those made, `failures` says
 * in a line each which part (a preset, the PDF) could not be made and why.
 */
export class IncompleteRenderError extends TimelineError {
  constructor(
    readonly files: RenderedFile[],
    readonly failures: readonly string[],
  ) {
    super(failures.join('\n'));
    this.name = 'IncompleteRenderError';
  }
}

/**
 * A part that cannot be made for this input (over a limit) leaves its message in `failures`;
 * anything else stops the render, a fault of a whole file (a template's part that throws) too.
 */
function partFailed(error: unknown, failures: string[]): [] {
  if (!(error instanceof TimelineError) || error.kind !== 'input' || error instanceof InputError) throw error;
  failures.push(error.message);
  return [];
}

/** The images of a preset, refused whole when one of them would pass the pixel limit. */
function withinPixelLimit(images: PresetImage[], limits: Limits): PresetImage[] {
  for (const image of images) {
    const [width, height] = [Math.ceil(image.scene.width * image.zoom), Math.ceil(image.scene.height * image.zoom)];
    if (width * height > limits.pixels) {
      throw new TimelineError(
        `The ${image.suffix === '.png' ? 'tall image' : `image ${image.suffix.slice(1)}`} would be ${width} x ${height} px (${(width * height).toLocaleString('en-US')} pixels), ${overLimit('pixels', limits, width * height)} Or lower --scale.`,
      );
    }
  }
  return images;
}

/** The images of every preset asked for, laid out; a preset that cannot be made leaves its message in `failures`. */
async function layoutImages(
  timeline: Timeline,
  options: RenderOptions,
  layoutOptions: LayoutOptions,
  failures: string[],
): Promise<PresetImage[][]> {
  // Presets of the same frame (the carousel and LinkedIn's document, the story and the reel) warn alike: once is enough.
  const warned = new Set<string>();
  const onWarning = (message: string) => {
    if (!warned.has(message)) options.onWarning?.(message);
    warned.add(message);
  };
  const presetOptions = { ...layoutOptions, scale: options.scale, maxSlides: options.maxSlides, maxReelFrames: REEL_MAX_FRAMES, onWarning };
  const presetSets = options.presets.map((preset) =>
    presetImages(preset, timeline, presetOptions)
      .then((images) => withinPixelLimit(images, options.limits))
      .catch((error: unknown) => partFailed(error, failures)),
  );
  return (options.profile ?? NO_PROFILE).time('layout', () => Promise.all(presetSets));
}

/** The laid-out images drawn: PNGs with their alt texts, LinkedIn's document, the reel. */
async function drawImages(timeline: Timeline, sets: PresetImage[][], options: RenderOptions, failures: string[]): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  const profile = options.profile ?? NO_PROFILE;
  for (const [i, images] of sets.entries()) {
    const preset = options.presets[i]!;
    if (preset === 'linkedin' || preset === 'reel') {
      if (images.length > 0)
        files.push(
          ...(await (preset === 'linkedin' ? renderDocumentCarousel : renderVideo)(timeline, images, options).catch((error: unknown) =>
            partFailed(error, failures),
          )),
        );
      continue;
    }
    for (const image of images) {
      files.push({ suffix: image.suffix, bytes: await renderPng(image.scene, image.zoom, { profile, signal: options.signal }) });
      files.push({ suffix: image.suffix.replace(/\.png$/, '.alt.txt'), bytes: Buffer.from(altText(timeline, image.scene, image.context)) });
    }
  }
  return files;
}

/** What the whole of a set of slides says, for one alt text: the cover's lines, then every event. */
function setAltText(timeline: Timeline, images: PresetImage[], what: string): Buffer {
  const scene = { ...images[0]!.scene, layers: images.flatMap((image) => image.scene.layers) };
  return Buffer.from(altText(timeline, scene, [`${what}.`, ...images[0]!.context.slice(1)]));
}

/** LinkedIn takes a document of at most 100 MB. */
const LINKEDIN_MAX_BYTES = 100 * 1024 * 1024;

/** LinkedIn's document carousel: the slides as one PDF, with one alt text for the whole. */
async function renderDocumentCarousel(timeline: Timeline, images: PresetImage[], options: RenderOptions): Promise<RenderedFile[]> {
  const profile = options.profile ?? NO_PROFILE;
  await profile.time('pdf modules', loadPdfkit);
  throwIfCancelled(options.signal);
  const bytes = await profile.time('pdf', () =>
    renderCarouselPdf(
      timeline,
      images.map((image) => image.scene),
      images[0]!.zoom,
      {
        creationDate: options.creationDate ?? creationDateFor(timeline),
        images: pdfImagesFor(timeline, options.images),
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      },
    ),
  );
  if (bytes.length > LINKEDIN_MAX_BYTES) {
    throw new TimelineError(
      `The LinkedIn document would be ${(bytes.length / 1e6).toFixed(1)} MB, over LinkedIn's limit of 100 MB. Use smaller photos, or cut events.`,
    );
  }
  return [
    { suffix: '.linkedin.pdf', bytes },
    { suffix: '.linkedin.alt.txt', bytes: setAltText(timeline, images, `A document of ${images.length} pages`) },
    ...(await pageImages(
      images.map((image) => image.scene),
      '.linkedin.page',
      options,
    )),
  ];
}

/** The vertical video, its captions, and an alt text for the whole; a series of them (`.reel-1.mp4` ...) when one would pass 60 s. */
async function renderVideo(timeline: Timeline, images: PresetImage[], options: RenderOptions): Promise<RenderedFile[]> {
  const parts = new Map<number, PresetImage[]>();
  for (const image of images) parts.set(image.part?.index ?? 0, [...(parts.get(image.part?.index ?? 0) ?? []), image]);
  const plans = [...parts.values()].map((frames) => {
    const part = frames[0]!.part;
    const caption = part ? `${timeline.title} (part ${part.index} of ${part.count})` : timeline.title;
    return {
      frames,
      part,
      plan: planReel(
        timeline,
        frames.map((image) => image.scene),
        caption,
      ),
    };
  });
  const seconds = (plan: { frames: number }) => Math.round(plan.frames / REEL_FPS);
  if (plans.length > 1) {
    const lengths = plans.map(({ plan }) => `${seconds(plan)} s`);
    options.onWarning?.(
      `warning: The reel's ${images.length - plans.length + 1} frames would run over the ${REEL_MAX_SECONDS} s a reel may last: written as ${plans.length} reels of ${lengths.slice(0, -1).join(', ')} and ${lengths.at(-1)}, each opening with its cover marked "Part 1 of ${plans.length}" and so on.`,
    );
  }
  const files: RenderedFile[] = [];
  for (const { frames, part, plan } of plans) {
    const bytes = await (options.profile ?? NO_PROFILE).time('video', () =>
      encodeReel(plan, frames[0]!.zoom, {
        ...(options.profile ? { profile: options.profile } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    const name = part ? `.reel-${part.index}` : '.reel';
    const what = `A video of ${seconds(plan)} seconds, ${frames.length} frames${part ? `, part ${part.index} of ${part.count}` : ''}`;
    files.push(
      { suffix: `${name}.mp4`, bytes },
      { suffix: `${name}.srt`, bytes: Buffer.from(srt(plan.cues)) },
      { suffix: `${name}.alt.txt`, bytes: setAltText(timeline, frames, what) },
    );
  }
  return files;
}

async function renderPrint(timeline: Timeline, options: RenderOptions, layoutOptions: LayoutOptions): Promise<RenderedFile[]> {
  const { page } = options;
  const profile = options.profile ?? NO_PROFILE;
  await profile.time('pdf modules', loadPdfkit);
  const { scenes, scale } = await profile.time('pdf layout', () => printPages(timeline, page, options.margin, layoutOptions));
  if (options.cmyk && scenes.some(sceneHasPhotos)) {
    // Photos are embedded as they are (RGB); a CMYK file must not carry them silently.
    throw new TimelineError('--cmyk cannot convert photos to CMYK yet, and a CMYK file must hold no RGB. Leave out --cmyk, or the photos.');
  }
  const limits = options.limits;
  if (scenes.length > limits.pages)
    throw new TimelineError(`The PDF would have ${scenes.length} pages, ${overLimit('pages', limits, scenes.length)}`);
  throwIfCancelled(options.signal);
  const bytes = await profile.time('pdf', () =>
    renderPdf(
      scenes,
      {
        title: timeline.title,
        ...(timeline.credit ? { author: timeline.credit } : {}),
        ...(timeline.dek ? { subject: timeline.dek } : {}),
        creationDate: options.creationDate ?? creationDateFor(timeline),
      },
      {
        page,
        scale,
        bleed: options.bleed,
        cropMarks: options.cropMarks,
        cmyk: options.cmyk,
        ...(options.outputIntent ? { outputIntent: options.outputIntent } : {}),
      },
      pdfImagesFor(timeline, options.images),
      options.onWarning,
    ),
  );
  return [{ suffix: '.pdf', bytes }, ...(await pageImages(scenes, '.page', options))];
}

/** With `pageImageWidth`, each page of a PDF drawn as a PNG that wide, suffixed `<prefix>-N.png` (previews). */
async function pageImages(scenes: readonly Scene[], prefix: string, options: RenderOptions): Promise<RenderedFile[]> {
  const width = options.pageImageWidth;
  const files: RenderedFile[] = [];
  if (width === undefined) return files;
  for (const [i, scene] of scenes.entries()) {
    files.push({
      suffix: `${prefix}-${i + 1}.png`,
      bytes: await renderPng(scene, width / scene.width, { profile: options.profile ?? NO_PROFILE, signal: options.signal }),
    });
  }
  return files;
}

/**
 * Renders a checked timeline to the asked formats and presets, as bytes; writing them is the
 * caller's step. A part that cannot be made throws an IncompleteRenderError holding the others.
 */
export async function renderTimeline(timeline: Timeline, options: RenderOptions): Promise<RenderedFile[]> {
  const { formats } = options;
  const theme = options.theme ?? mergeTheme(timeline.theme);
  const lowContrast = contrastDiagnostics(theme, timeline.actors);
  if (lowContrast.length > 0) throw new TimelineError(lowContrast.map((d) => d.message).join('\n'));
  // The CLI and the server refuse these after loading, naming the file's own fields; a library
  // caller that goes straight from its own Timeline to here must not get empty glyph boxes either.
  const missingGlyphs = glyphDiagnostics(timeline);
  if (missingGlyphs.length > 0) throw new TimelineError(missingGlyphs.map((d) => `${d.place}: ${d.message}`).join('\n'));
  const layoutOptions = {
    template: { ...verticalTemplate, ...options.template },
    theme,
    keepOrder: options.keepOrder,
    images: options.images,
    signal: options.signal,
  };
  const imageFailures: string[] = [];
  const printFailures: string[] = [];
  const sets = formats.includes('png') ? await layoutImages(timeline, options, layoutOptions, imageFailures) : [];
  // The images are drawn on libuv's threads (resvg), the PDF is laid out and written on this one:
  // started together, the PDF fills the main thread's waits for bands, and the seed's job ends
  // sooner for no more CPU.
  const [images, print] = await Promise.allSettled([
    drawImages(timeline, sets, options, imageFailures),
    formats.includes('pdf')
      ? renderPrint(timeline, options, layoutOptions).catch((error: unknown) => partFailed(error, printFailures))
      : [],
  ]);
  // Both settle first, so a cancelled or failed render leaves no part still working after it returns.
  if (images.status === 'rejected') throw images.reason;
  if (print.status === 'rejected') throw print.reason;
  const files = [...images.value, ...print.value];
  const failures = [...imageFailures, ...printFailures];
  // One part that cannot be made (a carousel over its slide limit) does not cost the others.
  if (failures.length > 0) throw new IncompleteRenderError(files, failures);
  return files;
}
