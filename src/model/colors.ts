/** Side colours, each dark enough for text on white (contrast over 4.5:1). */
const SIDE_COLORS = ['#1f5a96', '#b42a22', '#2c7040', '#9a5a00', '#0e6e73', '#8a3a6b'];

/** The colour of an actor that stands for all sides. */
export const JOINT_COLOR = '#5d3f8f';

/** The default colour of the n-th side (0-based). */
export function defaultActorColor(index: number): string {
  return SIDE_COLORS[index % SIDE_COLORS.length]!;
}
