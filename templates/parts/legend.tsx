import type { Actor } from '../../src/model/types.ts';
import type { Theme } from '../../src/model/theme.ts';
import { BREAKS_WORDS } from './breaking.ts';

export interface LegendProps {
  actors: Actor[];
  theme: Theme;
}

/** The actors in their colours, in a row that wraps. */
export function Legend({ actors, theme }: LegendProps) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 28, alignItems: 'center' }}>
      {actors.map((actor) => (
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, maxWidth: '100%', minWidth: 0 }}>
          <div style={{ display: 'flex', flexShrink: 0, width: 18, height: 18, borderRadius: 9, backgroundColor: actor.color }} />
          <div
            style={{
              display: 'flex',
              fontFamily: theme.fonts.text,
              fontWeight: 700,
              fontSize: theme.sizes.legend,
              color: theme.colors.text,
              ...BREAKS_WORDS,
            }}
          >
            {actor.label}
          </div>
        </div>
      ))}
    </div>
  );
}
