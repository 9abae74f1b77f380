import type { Diagnostic } from '../model/types.ts';
import { lineColumn } from './text.ts';

/** JSON.parse with the place of a syntax error as line:column. */
export function parseJson(text: string): { value?: unknown; diagnostic?: Diagnostic } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = message.match(/at position (\d+)/);
    const offset = position ? Number(position[1]) : text.length;
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '')
      .replace(/^Unexpected end of JSON input$/, 'Unexpected end of the file: the JSON is cut short');
    return { diagnostic: { place: lineColumn(text, offset), message: `Invalid JSON. ${reason}.`.replace(/\.\.$/, '.') } };
  }
}
