import { createRequire } from 'node:module';
import type { ParseError, parse as Parse, printParseErrorCode as PrintCode } from 'jsonc-parser';

/** jsonc-parser, loaded only once a file has failed JSON.parse. */
const jsonc = () => createRequire(import.meta.url)('jsonc-parser') as { parse: typeof Parse; printParseErrorCode: typeof PrintCode };
import type { Diagnostic } from '../model/types.ts';
import { lineColumn } from './text.ts';

const REASONS: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value (is there a comma too many?)',
  ColonExpected: "Expected ':' after the property name",
  CommaExpected: "Expected ',' between two items",
  CloseBraceExpected: "Expected '}' to close the object",
  CloseBracketExpected: "Expected ']' to close the list",
  EndOfFileExpected: 'Unexpected text after the end of the JSON',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Comments are not allowed in JSON',
  UnexpectedEndOfString: 'The string is not closed',
  UnexpectedEndOfNumber: 'The number is cut short',
  InvalidUnicode: 'Invalid \\u escape',
  InvalidEscapeCharacter: 'Invalid escape character',
  InvalidCharacter: 'A control character (such as a tab or line break) inside a string must be escaped',
};

/** The first syntax error, found by jsonc-parser's scanner: JSON.parse in Node 20 often gives no position. */
function firstSyntaxError(text: string): ParseError | undefined {
  const errors: ParseError[] = [];
  jsonc().parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors.sort((a, b) => a.offset - b.offset)[0];
}

/** JSON.parse, with the place of a syntax error as line:column. */
export function parseJson(text: string): { value?: unknown; diagnostic?: Diagnostic } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const found = firstSyntaxError(text);
    if (!found) return { diagnostic: { place: '1:1', message: `Invalid JSON. ${(error as Error).message}` } };
    const code = jsonc().printParseErrorCode(found.error);
    const end = text.trimEnd().length;
    const wantsMore = !['EndOfFileExpected', 'InvalidSymbol', 'InvalidCommentToken'].includes(code);
    if (wantsMore && found.offset + found.length >= end) {
      const inString = code === 'UnexpectedEndOfString' ? ` inside the string that opens at ${lineColumn(text, found.offset)}` : '';
      return { diagnostic: { place: lineColumn(text, end), message: `Invalid JSON. The file ends${inString}: the JSON is cut short.` } };
    }
    return { diagnostic: { place: lineColumn(text, found.offset), message: `Invalid JSON. ${REASONS[code] ?? code}.` } };
  }
}
