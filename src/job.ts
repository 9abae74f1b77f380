import { InputError, TimelineError } from './errors.ts';
import { loadTimeline, type InputFormat } from './load/index.ts';
import { loadTemplate } from './load/template.ts';
import { loadThemeFile, resolveTheme } from './load/theme.ts';
import { writeOutputs } from './output.ts';
import { DEFAULT_LIMITS, type Limits } from './model/limits.ts';
import { Profiler } from './profile.ts';
import { renderTimeline } from './render/index.ts';
import type { OutputFormat, PresetName } from './render/formats.ts';

/** One input to render and where its outputs go: plain data, so it can cross to a worker thread. */
export interface RenderJob {
  input: string;
  from?: InputFormat;
  /** Base name of the outputs; the input's name by default. */
  name?: string;
  out: string;
  formats: OutputFormat[];
  presets: PresetName[];
  keepOrder: boolean;
  scale: number;
  maxSlides: number;
  theme?: string;
  template?: string;
  page?: { width: number; height: number };
  margin?: number;
  bleed: number;
  cropMarks: boolean;
  cmyk: boolean;
  profile: boolean;
  /** Bounds that override the defaults. */
  limits?: Partial<Limits>;
}

export interface JobResult {
  written: string[];
  warnings: string[];
  /** The time of each stage, when the job asked for it. */
  profile?: string;
}

/** Loads, renders and writes one timeline: the whole of what `timeline-render <input>` does. */
export async function runRenderJob(job: RenderJob): Promise<JobResult> {
  const profile = new Profiler();
  const limits = { ...DEFAULT_LIMITS, ...job.limits };
  const loaded = await profile.time('load', () => loadTimeline(job.input, job.from, limits));
  const themeFile = job.theme === undefined ? undefined : await loadThemeFile(job.theme);
  const theme = resolveTheme(loaded.timeline, loaded.file, themeFile);
  const template = job.template === undefined ? undefined : await loadTemplate(job.template);
  const { formats, presets, keepOrder, scale, maxSlides, page, margin, bleed, cropMarks, cmyk } = job;
  const outputs = await renderTimeline(loaded.timeline, {
    formats, presets, keepOrder, scale, maxSlides, theme, page, margin, bleed, cropMarks, cmyk, profile, limits,
    images: loaded.images, ...(template ? { template } : {}),
  }).catch((error: unknown) => {
    // A limit met while rendering (pixels, pages, slides) is still about this input: name it.
    if (error instanceof TimelineError && !(error instanceof InputError)) throw new InputError(loaded.file, [{ message: error.message }]);
    throw error;
  });
  const base = job.name ?? loaded.name;
  const files = outputs.map((file) => ({ name: base + file.suffix, bytes: file.bytes }));
  const written = await profile.time('write', () => writeOutputs(job.out, files));
  return { written, warnings: loaded.warnings, ...(job.profile ? { profile: profile.report() } : {}) };
}
