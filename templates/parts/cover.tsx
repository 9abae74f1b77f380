import type { CoverProps } from '../../src/layout/template-types.ts';
import { namesActors } from '../../src/model/actors.ts';
import { BREAKS_WORDS } from './breaking.ts';
import { Legend } from './legend.tsx';
import { Strip } from './strip.tsx';

/**
 * The timeline at a glance for a fixed frame: a link preview, an in-feed card, or the first
 * slide of a carousel or story. Title, dek, the span of dates, the number of events, the legend.
 */
export function Cover({
  title,
  dek,
  actors,
  span,
  count,
  marks,
  width,
  height,
  safeTop,
  safeBottom,
  variant,
  label,
  hint,
  typeScale,
  theme,
}: CoverProps) {
  const padding = variant === 'card' ? 44 : 56;
  const slide = variant === 'slide';
  const titleSize = Math.round((slide ? 58 : theme.sizes.title * 0.75) * typeScale);
  const dekSize = Math.round((slide ? theme.sizes.dek : theme.sizes.dek * 0.8) * typeScale);
  const innerWidth = width - 2 * padding;
  const small = {
    display: 'flex',
    fontFamily: theme.fonts.text,
    fontWeight: 700,
    fontSize: theme.sizes.small,
    letterSpacing: 1.5,
    textTransform: 'uppercase' as const,
    color: theme.colors.muted,
    ...BREAKS_WORDS,
  };
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        gap: 24,
        boxSizing: 'border-box',
        width,
        height,
        padding: `${safeTop + padding}px ${padding}px ${safeBottom + padding}px`,
        backgroundColor: theme.colors.page,
      }}
    >
      <div style={{ display: 'flex', flexDirection: 'column' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between' }}>
          <div style={small}>{`Timeline · ${count} events`}</div>
          {label ? <div style={small}>{label}</div> : null}
        </div>
        <div style={{ display: 'flex', width: 64, height: 6, backgroundColor: theme.colors.text, marginTop: 22, marginBottom: 22 }} />
        <div
          style={{
            display: 'flex',
            fontFamily: theme.fonts.display,
            fontWeight: 700,
            fontSize: titleSize,
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
              marginTop: slide ? 24 : 14,
              fontFamily: theme.fonts.display,
              fontStyle: 'italic',
              fontSize: dekSize,
              lineHeight: 1.35,
              color: theme.colors.muted,
              ...BREAKS_WORDS,
            }}
          >
            {dek}
          </div>
        ) : null}
      </div>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        <div
          style={{
            display: 'flex',
            fontFamily: theme.fonts.text,
            fontWeight: 700,
            fontSize: theme.sizes.legend + 2,
            color: theme.colors.text,
            ...BREAKS_WORDS,
          }}
        >
          {span}
        </div>
        <Strip marks={marks} width={innerWidth} theme={theme} />
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 24 }}>
          {namesActors(actors) ? <Legend actors={actors} theme={theme} /> : <div style={{ display: 'flex' }} />}
          {hint ? <div style={{ ...small, letterSpacing: 1, flexShrink: 0 }}>{hint}</div> : null}
        </div>
      </div>
    </div>
  );
}
