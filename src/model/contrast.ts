import type { Theme } from './theme.ts';
import type { Actor, Diagnostic } from './types.ts';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio, from 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

/** WCAG AA for body text. */
export const MIN_CONTRAST = 4.5;

export interface ColourPair {
  foreground: { name: string; color: string };
  background: { name: string; color: string };
  /** What text is drawn in this pair. */
  use: string;
}

/** Every text colour the templates draw, on the background it is drawn on. */
export function textColourPairs(theme: Theme, actors: readonly Actor[]): ColourPair[] {
  const c = theme.colors;
  const named = (name: keyof Theme['colors']) => ({ name: `colors.${name}`, color: c[name] });
  return [
    { foreground: named('text'), background: named('card'), use: 'event text' },
    { foreground: named('muted'), background: named('card'), use: 'actor names on cards' },
    { foreground: named('text'), background: named('page'), use: 'title and legend' },
    { foreground: named('muted'), background: named('page'), use: 'dek, footer and running heads' },
    { foreground: named('card'), background: named('text'), use: 'year markers' },
    ...actors.map((a, i) => ({
      foreground: { name: `actors[${i}].color`, color: a.color },
      background: named('card'),
      use: `dates of ${a.label}'s events`,
    })),
  ];
}

/** One diagnostic for each text colour pair under WCAG AA, naming both colours and the ratio. */
export function contrastDiagnostics(theme: Theme, actors: readonly Actor[]): Diagnostic[] {
  return textColourPairs(theme, actors).flatMap(({ foreground: f, background: b, use }) => {
    const ratio = contrastRatio(f.color, b.color);
    return ratio >= MIN_CONTRAST
      ? []
      : [
          {
            place: f.name,
            message: `Too little contrast for ${use}: ${f.name} ${f.color} on ${b.name} ${b.color} is ${ratio.toFixed(2)}:1. Allowed: at least ${MIN_CONTRAST}:1 (WCAG AA).`,
          },
        ];
  });
}
