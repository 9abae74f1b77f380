/**
 * Style for every text of the templates: a word longer than its line (a 50-letter name in a
 * title, a label) breaks inside its box instead of running off the image; `minWidth: 0`
 * lets a flex item shrink to its box so the break can happen.
 */
export const BREAKS_WORDS = { wordBreak: 'break-word', minWidth: 0 } as const;
