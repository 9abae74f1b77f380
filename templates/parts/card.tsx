import type { CardProps } from '../../src/layout/template-types.ts';

/** One event: a rule in the actor's colour, the date and actor, then the text. */
export function Card({ event, actor, width, theme }: CardProps) {
  const { padding, rule } = theme.card;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', width, boxSizing: 'border-box', backgroundColor: theme.colors.card, border: `1px solid ${theme.colors.cardBorder}` }}>
      <div style={{ display: 'flex', height: rule, backgroundColor: actor.color }} />
      <div style={{ display: 'flex', flexDirection: 'column', padding: `${padding - 4}px ${padding}px ${padding}px` }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 16 }}>
          <div style={{ display: 'flex', fontFamily: theme.fonts.text, fontWeight: 700, fontSize: theme.sizes.date, letterSpacing: 1.2, textTransform: 'uppercase', color: actor.color }}>
            {event.date}
          </div>
          <div style={{ display: 'flex', fontFamily: theme.fonts.text, fontWeight: 700, fontSize: theme.sizes.small, letterSpacing: 1.2, textTransform: 'uppercase', color: theme.colors.muted }}>
            {actor.label}
          </div>
        </div>
        <div style={{ display: 'flex', marginTop: 10, fontFamily: theme.fonts.text, fontSize: theme.sizes.body, lineHeight: 1.42, color: theme.colors.text }}>
          {event.text}
        </div>
      </div>
    </div>
  );
}
