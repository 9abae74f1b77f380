import { parseDocument } from 'yaml';
import type { Diagnostic } from '../model/types.ts';

/** YAML parsed to plain data, or its first error placed by line:column. */
export function parseYaml(text: string): { value?: unknown; diagnostic?: Diagnostic } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { diagnostic: { place: at ? `${at.line}:${at.col}` : '1:1', message: `Invalid YAML. ${reason}` } };
  }
  return { value: doc.toJS() };
}
