export type { Actor, DateRange, Diagnostic, Timeline, TimelineEvent } from './types.ts';
export { parseDate, dateOrder, outOfOrderPairs, endsBefore, startYear, DATE_FORMS_HELP } from './dates.ts';
export { validateTimeline } from './validate.ts';
export { toNativeJson } from './native.ts';
export { defaultActorColor, JOINT_COLOR } from './colors.ts';
export { DEFAULT_THEME, mergeTheme, validateTheme, THEME_FONTS, type Theme, type ThemeOverrides } from './theme.ts';
export { contrastRatio, contrastDiagnostics, textColourPairs, MIN_CONTRAST } from './contrast.ts';
