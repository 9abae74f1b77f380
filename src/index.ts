// The library: load a timeline, render it, write the files, or serve previews; the errors each
// can throw; the types a template is written against. Layout, scenes and the PNG and PDF writers
// stay private, so they can change.
export { loadTimeline, parseTimeline, INPUT_FORMATS, type InputFormat, type LoadedTimeline } from './load/index.ts';
export { importArticle } from './load/article.ts';
export { validateTimeline } from './model/validate.ts';
export { toNativeJson } from './model/native.ts';
export type { Actor, DateRange, Diagnostic, Emphasis, Media, Timeline, TimelineEvent } from './model/types.ts';
export { DEFAULT_THEME, type Theme, type ThemeOverrides } from './model/theme.ts';
export {
  renderTimeline,
  IncompleteRenderError,
  OUTPUT_FORMATS,
  PRESET_NAMES,
  type OutputFormat,
  type PresetName,
  type RenderOptions,
  type RenderedFile,
} from './render/index.ts';
export { renderOptions } from './options/index.ts';
export { writeOutputs, type OutputFile } from './output.ts';
export { startServer, type ServeOptions, type RunningServer } from './serve/index.ts';
export {
  ERROR_KINDS,
  TimelineError,
  InputError,
  OptionError,
  UsageError,
  CancelledError,
  UnsupportedFeatureError,
  type ErrorKind,
  type CancelSignal,
} from './errors.ts';
export type { Template, HeaderProps, CoverProps, CardProps, YearProps, FooterProps, RunningHeadProps } from './layout/template-types.ts';
