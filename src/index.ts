export * from './model/index.ts';
export { loadTimeline, parseTimeline, INPUT_FORMATS, type InputFormat, type LoadedTimeline } from './load/index.ts';
export { importArticle } from './load/article.ts';
export { renderTimeline, OUTPUT_FORMATS, IMAGE_WIDTH, LETTER, type OutputFormat, type RenderOptions, type RenderedOutputs } from './render/index.ts';
export { layoutTimeline, tallScene, pageScenes, sceneToSvg, type Scene, type Layer, type TimelineLayout } from './layout/scene.ts';
export { DEFAULT_THEME, type Theme } from './layout/theme.ts';
export type { Template, CardProps, HeaderProps, FooterProps, YearProps, RunningHeadProps } from './layout/template-types.ts';
export { writeOutputs, type OutputFile } from './output.ts';
export { TimelineError, InputError, UsageError } from './errors.ts';
