import type { Diagnostic } from './types.ts';

/** Colours, fonts and sizes the templates draw with. Sizes are CSS pixels of the 1080 px layout. */
export interface Theme {
  colors: {
    page: string;
    card: string;
    cardBorder: string;
    text: string;
    muted: string;
    spine: string;
  };
  fonts: {
    /** Title and dek. */
    display: string;
    /** Dates, event text, legend, footer. */
    text: string;
  };
  sizes: {
    title: number;
    dek: number;
    date: number;
    body: number;
    legend: number;
    small: number;
    year: number;
  };
  card: {
    padding: number;
    rule: number;
  };
}

export const DEFAULT_THEME: Theme = {
  colors: {
    page: '#f6f3ec',
    card: '#ffffff',
    cardBorder: '#dcd5c6',
    text: '#1b1b1b',
    muted: '#55514a',
    spine: '#b9b1a1',
  },
  fonts: { display: 'Noto Serif', text: 'Noto Sans' },
  sizes: { title: 62, dek: 30, date: 17, body: 24, legend: 20, small: 17, year: 22 },
  card: { padding: 22, rule: 6 },
};

/** A theme block as written in a data file or a --theme file: any part of a theme. */
export type ThemeOverrides = { [G in keyof Theme]?: Partial<Theme[G]> };

const HEX = /^#[0-9a-fA-F]{6}$/;
/** The font families a theme may name: those shipped in fonts/. */
export const THEME_FONTS = ['Noto Sans', 'Noto Serif'];
const NUMBER_RANGES: Record<'sizes' | 'card', [number, number]> = { sizes: [8, 160], card: [0, 80] };

/** Checks a theme block; places read like `theme.colors.page` under `prefix` "theme". */
export function validateTheme(value: unknown, prefix: string): { overrides?: ThemeOverrides; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (...parts: string[]) => [prefix, ...parts].filter(Boolean).join('.');
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) {
    return { diagnostics: [{ place: at() || undefined, message: `Invalid type for ${at() || 'the theme'}. Expected: object.` }] };
  }
  for (const [group, fields] of Object.entries(value)) {
    const defaults = (DEFAULT_THEME as unknown as Record<string, Record<string, unknown>>)[group];
    if (!defaults) {
      diagnostics.push({ place: at(group), message: `Unknown field ${at(group)}. Allowed: ${Object.keys(DEFAULT_THEME).join(', ')}.` });
      continue;
    }
    if (!isObject(fields)) {
      diagnostics.push({ place: at(group), message: `Invalid type for ${at(group)}. Expected: object.` });
      continue;
    }
    for (const [key, given] of Object.entries(fields)) {
      const place = at(group, key);
      const problem = !(key in defaults)
        ? `Unknown field ${place}. Allowed: ${Object.keys(defaults).join(', ')}.`
        : group === 'colors'
          ? typeof given === 'string' && HEX.test(given)
            ? undefined
            : `Invalid value for ${place}. Allowed: a colour as #rrggbb. Received: ${JSON.stringify(given)}.`
          : group === 'fonts'
            ? THEME_FONTS.includes(given as string)
              ? undefined
              : `Invalid value for ${place}. Allowed: ${THEME_FONTS.map((f) => JSON.stringify(f)).join(', ')}. Received: ${JSON.stringify(given)}.`
            : rangeProblem(place, given, NUMBER_RANGES[group as 'sizes' | 'card']);
      if (problem) diagnostics.push({ place, message: problem });
    }
  }
  return diagnostics.length > 0 ? { diagnostics } : { overrides: value as ThemeOverrides, diagnostics };
}

function rangeProblem(place: string, given: unknown, [min, max]: [number, number]): string | undefined {
  return typeof given === 'number' && Number.isFinite(given) && given >= min && given <= max
    ? undefined
    : `Invalid value for ${place}. Allowed: a number from ${min} to ${max}. Received: ${JSON.stringify(given)}.`;
}

/** The default theme with each given block laid over it in turn. */
export function mergeTheme(...layers: Array<ThemeOverrides | undefined>): Theme {
  const theme = structuredClone(DEFAULT_THEME);
  for (const layer of layers) {
    for (const group of Object.keys(layer ?? {}) as Array<keyof Theme>) Object.assign(theme[group], layer![group]);
  }
  return theme;
}
