import type { HeaderProps } from '../../src/layout/template-types.ts';
import { namesActors } from '../../src/model/actors.ts';
import { BREAKS_WORDS } from './breaking.ts';
import { Legend } from './legend.tsx';
import { Photo } from './photo.tsx';

/** Title, dek and legend (when there are actors to tell apart) at the top of the timeline. */
export function Header({ title, dek, photo, actors, width, theme }: HeaderProps) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', width, boxSizing: 'border-box' }}>
      <div style={{ display: 'flex', width: 64, height: 6, backgroundColor: theme.colors.text, marginBottom: 26 }} />
      <div
        style={{
          display: 'flex',
          fontFamily: theme.fonts.display,
          fontWeight: 700,
          fontSize: theme.sizes.title,
          lineHeight: 1.12,
          color: theme.colors.text,
          ...BREAKS_WORDS,
        }}
      >
        {title}
      </div>
      {dek ? (
        <div
          style={{
            display: 'flex',
            marginTop: 18,
            fontFamily: theme.fonts.display,
            fontStyle: 'italic',
            fontSize: theme.sizes.dek,
            lineHeight: 1.35,
            color: theme.colors.muted,
            ...BREAKS_WORDS,
          }}
        >
          {dek}
        </div>
      ) : null}
      {photo ? <Photo picture={photo} width={width} maxHeight={Math.round(width * 0.6)} theme={theme} /> : null}
      {namesActors(actors) ? (
        <div style={{ display: 'flex', marginTop: 34, paddingTop: 22, borderTop: `1px solid ${theme.colors.cardBorder}` }}>
          <Legend actors={actors} theme={theme} />
        </div>
      ) : null}
    </div>
  );
}
