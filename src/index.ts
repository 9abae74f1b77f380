export * from './model/index.ts';
export { loadTimeline, parseTimeline, INPUT_FORMATS, type InputFormat, type LoadedTimeline } from './load/index.ts';
export { importArticle } from './load/article.ts';
export { renderTimeline, OUTPUT_FORMATS, PRESET_NAMES, LETTER, type OutputFormat, type PresetName, type RenderOptions, type RenderedFile } from './render/index.ts';
export { layoutTimeline, tallScene, pagedScenes, coverScene, sceneToSvg, type Scene, type Layer, type TimelineLayout, type Frame } from './layout/scene.ts';
export { DEFAULT_THEME, type Theme } from './model/theme.ts';
export type { Template, CardProps, CoverProps, HeaderProps, FooterProps, YearProps, RunningHeadProps } from './layout/template-types.ts';
export { writeOutputs, type OutputFile } from './output.ts';
export { TimelineError, InputError, UsageError } from './errors.ts';
