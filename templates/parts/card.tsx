import type { CardProps } from '../../src/layout/template-types.ts';
import type { Emphasis } from '../../src/model/types.ts';
import { BREAKS_WORDS } from './breaking.ts';
import { paragraphsOf } from './paragraphs.ts';
import { Photo } from './photo.tsx';

/** The text cut at emphasis boundaries: plain strings, and spans in bold or italic. */
function styledText(text: string, emphasis: Emphasis[] | undefined) {
  if (!emphasis?.length) return [text];
  const cuts = [...new Set([0, text.length, ...emphasis.flatMap((e) => [e.start, e.end])])].sort((a, b) => a - b);
  return cuts.slice(0, -1).map((start, i) => {
    const piece = text.slice(start, cuts[i + 1]);
    const styles = emphasis.filter((e) => e.start <= start && e.end > start).map((e) => e.style);
    if (styles.length === 0) return piece;
    return (
      <span style={{ fontWeight: styles.includes('bold') ? 700 : 400, fontStyle: styles.includes('italic') ? 'italic' : 'normal' }}>
        {piece}
      </span>
    );
  });
}

/** One event: a rule in the actor's colour, the date and actor (when the timeline has more than one), an image if any, the headline and the text. */
export function Card({ event, actor, namesActor, image, width, theme }: CardProps) {
  const { padding, rule } = theme.card;
  const inner = width - 2 * padding - 2;
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        width,
        boxSizing: 'border-box',
        backgroundColor: theme.colors.card,
        border: `1px solid ${theme.colors.cardBorder}`,
      }}
    >
      <div style={{ display: 'flex', height: rule, backgroundColor: actor.color }} />
      <div style={{ display: 'flex', flexDirection: 'column', padding: `${padding - 4}px ${padding}px ${padding}px` }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 16 }}>
          <div
            style={{
              display: 'flex',
              fontFamily: theme.fonts.text,
              fontWeight: 700,
              fontSize: theme.sizes.date,
              letterSpacing: 1.2,
              textTransform: 'uppercase',
              color: actor.color,
              ...BREAKS_WORDS,
            }}
          >
            {event.date}
          </div>
          {namesActor ? (
            <div
              style={{
                display: 'flex',
                fontFamily: theme.fonts.text,
                fontWeight: 700,
                fontSize: theme.sizes.small,
                letterSpacing: 1.2,
                textTransform: 'uppercase',
                color: theme.colors.muted,
                textAlign: 'right',
                ...BREAKS_WORDS,
              }}
            >
              {actor.label}
            </div>
          ) : null}
        </div>
        {image ? <Photo picture={image} width={inner} maxHeight={Math.round(inner * 0.62)} theme={theme} /> : null}
        {event.headline ? (
          <div
            style={{
              display: 'flex',
              marginTop: 10,
              fontFamily: theme.fonts.text,
              fontWeight: 700,
              fontSize: Math.round(theme.sizes.body * 1.08),
              lineHeight: 1.3,
              color: theme.colors.text,
              ...BREAKS_WORDS,
            }}
          >
            {event.headline}
          </div>
        ) : null}
        <EventText text={event.text} emphasis={event.emphasis} theme={theme} />
      </div>
    </div>
  );
}

/** Space above a paragraph, and above a list item that follows one, as a share of the body size. */
const PARAGRAPH_GAP = 0.5;
const ITEM_GAP = 0.25;

/**
 * The event's text, a block per paragraph; a list item hangs its words right of its bullet.
 * The gap between paragraphs is wider than a line's leading, so the PDF's tags see it too.
 */
function EventText({ text, emphasis, theme }: { text: string; emphasis: Emphasis[] | undefined; theme: CardProps['theme'] }) {
  const body = { fontFamily: theme.fonts.text, fontSize: theme.sizes.body, lineHeight: 1.42, color: theme.colors.text, ...BREAKS_WORDS };
  const bullet = Math.round(theme.sizes.body * 1.1);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', marginTop: 10 }}>
      {paragraphsOf(text, emphasis).map((paragraph, i, all) => {
        const gap = i === 0 ? 0 : Math.round(theme.sizes.body * (paragraph.item && all[i - 1]!.item ? ITEM_GAP : PARAGRAPH_GAP));
        const words = styledText(paragraph.text, paragraph.emphasis);
        if (!paragraph.item) return <div style={{ display: 'block', marginTop: gap, ...body }}>{words}</div>;
        return (
          <div style={{ display: 'flex', marginTop: gap }}>
            <div style={{ display: 'flex', flexShrink: 0, width: bullet, ...body }}>•</div>
            <div style={{ display: 'block', flexGrow: 1, flexShrink: 1, ...body }}>{words}</div>
          </div>
        );
      })}
    </div>
  );
}
