import type { SpanMark } from '../../src/layout/template-types.ts';
import type { Theme } from '../../src/model/theme.ts';

export interface StripProps {
  marks: SpanMark[];
  width: number;
  theme: Theme;
}

/** The timeline in one line: a mark for each event at its place along the span, in its actor's colour. */
export function Strip({ marks, width, theme }: StripProps) {
  const dot = 14;
  const track = width - dot;
  return (
    <div style={{ display: 'flex', position: 'relative', width, height: dot + 4 }}>
      <div
        style={{ display: 'flex', position: 'absolute', left: 0, top: dot / 2 + 1, width, height: 2, backgroundColor: theme.colors.spine }}
      />
      {marks.map((mark) => (
        <div
          style={{
            display: 'flex',
            position: 'absolute',
            left: Math.round(mark.at * track),
            top: 2,
            boxSizing: 'border-box',
            width: dot,
            height: dot,
            borderRadius: dot / 2,
            backgroundColor: mark.color,
            border: `2px solid ${theme.colors.page}`,
          }}
        />
      ))}
    </div>
  );
}
