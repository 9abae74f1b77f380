import { defaultActorColor, JOINT_COLOR } from './colors.ts';
import type { Actor } from './types.ts';

/** Actor names that mean every side at once. */
export const JOINT_NAMES = /^(both|all|joint|all sides|together|вместе|обе стороны|оба|все)$/iu;

/**
 * Whether the timeline names its actors on cards, in the legend and in alt text: not when it
 * has only one, where every card would carry the same word ("Events").
 */
export function namesActors(actors: readonly Actor[]): boolean {
  return actors.length > 1;
}

/** Actors for names found in an import: sides first, each in a default colour, joint actors last. */
export function defaultActors(names: readonly string[]): Actor[] {
  const sides = names.filter((n) => !JOINT_NAMES.test(n));
  const actors: Actor[] = sides.map((id, i) => ({ id, label: id, color: defaultActorColor(i) }));
  for (const id of names.filter((n) => JOINT_NAMES.test(n))) actors.push({ id, label: id, color: JOINT_COLOR, joint: true });
  return actors;
}
