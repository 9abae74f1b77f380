import { createRequire } from 'node:module';
import type { parseDocument as ParseDocument } from 'yaml';
import type { Diagnostic } from '../model/types.ts';

/** YAML parsed to plain data, or its first error placed by line:column. */
export function parseYaml(text: string): { value?: unknown; diagnostic?: Diagnostic } {
  // Loaded on first use: most inputs are JSON, and every render pays for what it imports.
  const { parseDocument } = createRequire(import.meta.url)('yaml') as { parseDocument: typeof ParseDocument };
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { diagnostic: { place: at ? `${at.line}:${at.col}` : '1:1', message: `Invalid YAML. ${reason}` } };
  }
  return { value: doc.toJS() };
}
