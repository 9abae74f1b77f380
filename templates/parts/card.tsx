import type { CardProps } from '../../src/layout/template-types.ts';
import type { Emphasis } from '../../src/model/types.ts';
import { BREAKS_WORDS } from './breaking.ts';
import { Photo } from './photo.tsx';

/** The text cut at emphasis boundaries: plain strings, and spans in bold or italic. */
function styledText(text: string, emphasis: Emphasis[] | undefined) {
  if (!emphasis?.length) return [text];
  const cuts = [...new Set([0, text.length, ...emphasis.flatMap((e) => [e.start, e.end])])].sort((a, b) => a - b);
  return cuts.slice(0, -1).map((start, i) => {
    const piece = text.slice(start, cuts[i + 1]);
    const styles = emphasis.filter((e) => e.start <= start && e.end > start).map((e) => e.style);
    if (styles.length === 0) return piece;
    return <span style={{ fontWeight: styles.includes('bold') ? 700 : 400, fontStyle: styles.includes('italic') ? 'italic' : 'normal' }}>{piece}</span>;
  });
}

/** One event: a rule in the actor's colour, the date and actor (when the timeline has more than one), an image if any, the headline and the text. */
export function Card({ event, actor, namesActor, image, width, theme }: CardProps) {
  const { padding, rule } = theme.card;
  const inner = width - 2 * padding - 2;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', width, boxSizing: 'border-box', backgroundColor: theme.colors.card, border: `1px solid ${theme.colors.cardBorder}` }}>
      <div style={{ display: 'flex', height: rule, backgroundColor: actor.color }} />
      <div style={{ display: 'flex', flexDirection: 'column', padding: `${padding - 4}px ${padding}px ${padding}px` }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 16 }}>
          <div style={{ display: 'flex', fontFamily: theme.fonts.text, fontWeight: 700, fontSize: theme.sizes.date, letterSpacing: 1.2, textTransform: 'uppercase', color: actor.color, ...BREAKS_WORDS }}>
            {event.date}
          </div>
          {namesActor ? (
            <div style={{ display: 'flex', fontFamily: theme.fonts.text, fontWeight: 700, fontSize: theme.sizes.small, letterSpacing: 1.2, textTransform: 'uppercase', color: theme.colors.muted, textAlign: 'right', ...BREAKS_WORDS }}>
              {actor.label}
            </div>
          ) : null}
        </div>
        {image ? <Photo picture={image} width={inner} maxHeight={Math.round(inner * 0.62)} theme={theme} /> : null}
        {event.headline ? (
          <div style={{ display: 'flex', marginTop: 10, fontFamily: theme.fonts.text, fontWeight: 700, fontSize: Math.round(theme.sizes.body * 1.08), lineHeight: 1.3, color: theme.colors.text, ...BREAKS_WORDS }}>
            {event.headline}
          </div>
        ) : null}
        <div style={{ display: 'block', marginTop: 10, fontFamily: theme.fonts.text, fontSize: theme.sizes.body, lineHeight: 1.42, color: theme.colors.text, ...BREAKS_WORDS }}>
          {styledText(event.text, event.emphasis)}
        </div>
      </div>
    </div>
  );
}
