import { OptionError } from '../errors.ts';

/** Points per unit of length. */
const UNITS: Record<string, number> = { pt: 1, in: 72, mm: 72 / 25.4, cm: 72 / 2.54 };

/** US Letter, the default page, in points. */
export const LETTER = { width: 612, height: 792 };

export const PAGE_SIZES: Record<string, { width: number; height: number }> = {
  letter: LETTER,
  a4: { width: 595.28, height: 841.89 },
  tabloid: { width: 792, height: 1224 },
};

/** A length such as "0.125in", "3mm" or "9pt", in points; undefined when it cannot be read. */
export function parseLength(text: string): number | undefined {
  const m = text.trim().toLowerCase().match(/^(\d+(?:\.\d+)?|\.\d+)\s*(pt|in|mm|cm)$/);
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

/** A page size by name (letter, a4, tabloid) or as WxH with units ("3.25inx21in", "210mmx297mm"). */
export function parsePageSize(text: string): { width: number; height: number } | undefined {
  const named = PAGE_SIZES[text.trim().toLowerCase()];
  if (named) return named;
  const m = text.trim().toLowerCase().match(/^([\d.]+\s*(?:pt|in|mm|cm))\s*x\s*([\d.]+\s*(?:pt|in|mm|cm))$/);
  if (!m) return undefined;
  const width = parseLength(m[1]!);
  const height = parseLength(m[2]!);
  return width && height ? { width, height } : undefined;
}

/** The largest page side a PDF viewer takes: Acrobat breaks past 200 in. */
const MAX_PAGE_SIDE = 14_400;

/** What print options a command line or a request gives, as written. */
export interface PrintOptionsGiven {
  page: string;
  margin?: string | undefined;
  bleed?: string | undefined;
}

/** Page size, margin and bleed in points. */
export interface PrintSize {
  page: { width: number; height: number };
  margin?: number;
  bleed: number;
}

/**
 * Reads and bounds the print options; `option` names one as its caller shows it (`--page` on
 * the command line, `page` in a request), so both say what is wrong in the same words.
 */
export function parsePrintOptions(given: PrintOptionsGiven, option: (name: string) => string): PrintSize {
  const length = (name: string, value: string, max: number): number => {
    const points = parseLength(value);
    if (points === undefined || points > max) {
      throw new OptionError(`Invalid value for ${option(name)}. Allowed: a length up to ${max / 72} in, with in, mm, cm or pt (0.125in, 3mm). Received: ${JSON.stringify(value)}.`);
    }
    return points;
  };
  const size = parsePageSize(given.page);
  if (!size || size.width > MAX_PAGE_SIDE || size.height > MAX_PAGE_SIDE || size.width < 72 || size.height < 144) {
    throw new OptionError(`Invalid value for ${option('page')}. Allowed: ${Object.keys(PAGE_SIZES).join(', ')}, or WxH from 1x2 in to 200x200 in with in, mm, cm or pt (3.25inx21in). Received: ${JSON.stringify(given.page)}.`);
  }
  const margin = given.margin === undefined ? undefined : length('margin', given.margin, Math.min(size.width, size.height) / 4);
  return { page: size, ...(margin === undefined ? {} : { margin }), bleed: given.bleed === undefined ? 0 : length('bleed', given.bleed, 72) };
}
