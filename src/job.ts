import { InputError, throwIfCancelled, TimelineError, UnsupportedFeatureError, type CancelSignal } from './errors.ts';
import { refuseMissingGlyphs } from './fonts/coverage.ts';
import { loadTimeline, loadTimelineData, type LoadedTimeline } from './load/index.ts';
import { loadTemplate, templateFault } from './load/template.ts';
import { loadThemeFile, resolveTheme } from './load/theme.ts';
import { useLayoutCache } from './layout/block.ts';
import { layoutCacheSettings } from './layout/cache/disk-store.ts';
import { writeOutputs, type OutputFile } from './output.ts';
import type { Limits } from './model/limits.ts';
import type { JobOptions } from './options/index.ts';
import { NO_PROFILE, Profiler } from './profile.ts';
import { IncompleteRenderError, renderTimeline } from './render/index.ts';

/**
 * One input to render and where its outputs go, with every option resolved (flags, config
 * file, defaults: `src/options/`): plain data, so it can cross to a worker thread.
 */
export interface RenderJob extends JobOptions {
  /** The input file; with `source`, only the name its messages give the data. */
  input: string;
  /** The data itself, as an HTTP request body brings it, instead of reading `input`. */
  source?: Uint8Array;
  /** Base name of the outputs; the input's name by default. */
  name?: string;
  /** Folder the outputs are written to; without it they come back as bytes in the result. */
  out?: string;
  /** Also draw each PDF page as a PNG this many pixels wide (previews). */
  pageImageWidth?: number;
}

export interface JobResult {
  /** The timeline's title, for listings. */
  title: string;
  /** Paths written, when the job named a folder. */
  written: string[];
  /** The outputs as bytes, when the job named no folder. */
  files?: OutputFile[];
  warnings: string[];
  /** The time of each stage, when the job asked for it. */
  profile?: string;
}

async function loadJobInput(job: RenderJob, limits: Limits): Promise<LoadedTimeline> {
  const given = { title: job.title, dek: job.dek, columns: job.columns, dateOrder: job.dateOrder };
  if (!job.source) return loadTimeline(job.input, job.from, limits, given);
  return loadTimelineData(job.source, job.input, job.from, limits, given);
}

/**
 * Loads, renders and writes one timeline: the whole of what `timeline-render <input>` does.
 * A set `signal` stops it with a CancelledError before anything is written.
 */
export async function runRenderJob(job: RenderJob, signal?: CancelSignal): Promise<JobResult> {
  // Timing every band and card costs two clock reads each: only for a job that asked (--profile).
  const profiler = job.profile ? new Profiler() : undefined;
  const profile = profiler ?? NO_PROFILE;
  const limits = job.limits;
  const loaded = await profile.time('load', () => loadJobInput(job, limits));
  refuseMissingGlyphs(loaded);
  const themeFile = job.theme === undefined ? undefined : await loadThemeFile(job.theme);
  const theme = resolveTheme(loaded.timeline, loaded.file, themeFile);
  const template = job.template === undefined ? undefined : await loadTemplate(job.template);
  // Every render option passes as resolved; the job's own fields and the files it names by path stay here.
  const {
    input: _input,
    source: _source,
    from: _from,
    name: _name,
    out: _out,
    theme: _theme,
    template: _template,
    profile: _profile,
    cache,
    cacheDir,
    cacheSize,
    title: _title,
    dek: _dek,
    columns: _columns,
    dateOrder: _dateOrder,
    ...settings
  } = job;
  const layoutCache = useLayoutCache(layoutCacheSettings({ cache, cacheDir, cacheSize }));
  const { files: outputs, failures } = await renderTimeline(loaded.timeline, {
    ...settings,
    theme,
    profile,
    signal,
    images: loaded.images,
    ...(template ? { template } : {}),
    onWarning: (message) => loaded.warnings.push(`${loaded.file}: ${message}`),
  }).then(
    (made) => ({ files: made, failures: [] as readonly string[] }),
    (error: unknown) => {
      // A part that cannot be made (a carousel over its slide limit) is reported once the others are written.
      if (error instanceof IncompleteRenderError) return { files: error.files, failures: error.failures };
      if (error instanceof UnsupportedFeatureError && template) throw templateFault(job.template!, template, error) ?? error;
      // A limit met while rendering (pixels, pages, slides) is still about this input: name it.
      if (error instanceof TimelineError && error.kind === 'input' && !(error instanceof InputError))
        throw new InputError(loaded.file, [{ message: error.message }]);
      throw error;
    },
  );
  // The layouts stored while drawing are on disk before the job ends, and a cache that could not be written is told in its report.
  await layoutCache?.flush();
  const base = job.name ?? loaded.name;
  const files = outputs.map((file) => ({ name: base + file.suffix, bytes: file.bytes }));
  const report = {
    title: loaded.timeline.title,
    warnings: [...loaded.warnings, ...(layoutCache?.takeWarnings() ?? [])],
    ...(profiler ? { profile: profiler.report() } : {}),
  };
  if (job.out === undefined) {
    if (failures.length > 0)
      throw new InputError(
        loaded.file,
        failures.map((message) => ({ message })),
      );
    return { written: [], files, ...report };
  }
  const out = job.out;
  throwIfCancelled(signal);
  const written = await profile.time('write', () => writeOutputs(out, files));
  if (failures.length > 0) {
    const others = written.length > 0 ? [{ message: `The other ${written.length} files were written to ${out}.` }] : [];
    throw new InputError(loaded.file, [...failures.map((message) => ({ message })), ...others]);
  }
  return { written, ...report };
}
