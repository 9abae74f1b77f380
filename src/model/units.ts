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
  const m = text
    .trim()
    .toLowerCase()
    .match(/^(\d+(?:\.\d+)?|\.\d+)\s*(pt|in|mm|cm)$/);
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

/** A page size by name (letter, a4, tabloid) or as WxH with units ("3.25inx21in", "210mmx297mm"). */
export function parsePageSize(text: string): { width: number; height: number } | undefined {
  const named = PAGE_SIZES[text.trim().toLowerCase()];
  if (named) return named;
  const m = text
    .trim()
    .toLowerCase()
    .match(/^([\d.]+\s*(?:pt|in|mm|cm))\s*x\s*([\d.]+\s*(?:pt|in|mm|cm))$/);
  if (!m) return undefined;
  const width = parseLength(m[1]!);
  const height = parseLength(m[2]!);
  return width && height ? { width, height } : undefined;
}
