// `timeline-render/template`: what a user's own template needs. A template module's default
// export names any of the parts; the parts it leaves out stay as built in:
//
//   import { defineTemplate, type CardProps } from 'timeline-render/template';
//   function Card({ event, actor, width, theme }: CardProps) { return <div>…</div>; }
//   export default defineTemplate({ Card });
export type {
  Template,
  HeaderProps,
  CoverProps,
  CardProps,
  YearProps,
  FooterProps,
  RunningHeadProps,
  Picture,
  SpanMark,
} from './layout/template-types.ts';
export { TEMPLATE_PARTS } from './layout/template-types.ts';
export type { Actor, Emphasis, ImageData, TimelineEvent, DateRange } from './model/types.ts';
export type { Theme } from './model/theme.ts';
export { DEFAULT_THEME } from './model/theme.ts';
export type { JSXNode } from 'satori/jsx';
/** The built-in parts, to wrap or reuse in a template of one's own. */
export { verticalTemplate as builtInTemplate } from '../templates/vertical.tsx';

import type { Template } from './layout/template-types.ts';

/** Types a template's parts where they are written, so each component is checked against its props. */
export function defineTemplate(parts: Partial<Template>): Partial<Template> {
  return parts;
}
