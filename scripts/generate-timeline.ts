// Writes a synthetic timeline of N events (two sides and a joint actor) for benchmarks and limits.
import { writeFileSync } from 'node:fs';

const WORDS = (
  'the state department says russia may be moving away from the un peace process to one that might be easier ' +
  'for the regime to manipulate while washington backed rebels moscow rode to the rescue of the government in damascus'
).split(' ');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A deterministic pseudo-random sequence, so every run benchmarks the same text. */
function* random(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2147483648;
    yield state / 2147483648;
  }
}

export function syntheticTimeline(count: number, seed = 7): object {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next.next().value * items.length)]!;
  const events = Array.from({ length: count }, (_, i) => {
    const words = 18 + Math.floor(next.next().value * 30);
    const text = Array.from({ length: words }, () => pick(WORDS)).join(' ');
    return {
      date: `${MONTHS[i % 12]} ${2000 + Math.floor(i / 12)}`,
      actor: pick(['US', 'Russia', 'Both']),
      text: text[0]!.toUpperCase() + text.slice(1) + '.',
    };
  });
  return {
    title: `A synthetic timeline of ${count} events${seed === 7 ? '' : ` (${seed})`}`,
    dek: 'Generated for benchmarks: the same text on every run.',
    credit: 'timeline-render benchmark',
    actors: [
      { id: 'US', color: '#1f5a96' },
      { id: 'Russia', color: '#b42a22' },
      { id: 'Both', color: '#5d3f8f', joint: true },
    ],
    events,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [count = '120', out = `/tmp/synthetic-${count}.json`] = process.argv.slice(2);
  writeFileSync(out, JSON.stringify(syntheticTimeline(Number(count)), null, 2));
  console.log(out);
}
