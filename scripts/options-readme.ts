/**
 * README's list of options, written from the options table (src/options/table.ts) so the two
 * never disagree: `node --import tsx scripts/options-readme.ts` rewrites the section between
 * the markers, and test/options.test.ts fails when it is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPTIONS, type OptionSpec, type Surface } from '../src/options/index.ts';

export const README_START = '<!-- options: written by scripts/options-readme.ts from src/options/table.ts -->';
export const README_END = '<!-- options end -->';

const SURFACE_NAMES: Record<Surface, string> = { render: 'render', serve: 'serve', config: 'config file', api: 'API' };

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function defaultOf(spec: OptionSpec<unknown>): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  return spec.default === undefined ? '' : `\`${String(spec.default)}\``;
}

/** The table of every option: its flag, default, what it takes, where it may be given, and what it does. */
export function optionsMarkdown(): string {
  const rows = (Object.values(OPTIONS) as Array<OptionSpec<unknown>>).map((spec) => {
    const flag = `\`--${spec.name}\`${spec.alias ? ` (\`-${spec.alias}\`)` : ''}`;
    const allowed = spec.kind === 'switch' ? 'a switch' : spec.read.allowed;
    const where = spec.takes.map((surface) => SURFACE_NAMES[surface]).join(', ');
    return `| ${flag} | ${cell(defaultOf(spec))} | ${cell(allowed)} | ${where} | ${cell(spec.help)} |`;
  });
  return ['| option | default | allowed | given to | what it does |', '|---|---|---|---|---|', ...rows].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} section to fill.`);
  writeFileSync(path, `${readme.slice(0, start + README_START.length)}\n${optionsMarkdown()}\n${readme.slice(end)}`);
}
