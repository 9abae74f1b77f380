#!/usr/bin/env node
// Runs the compiled bundle in dist/ (made by `npm ci` through the prepare script). In a checkout
// whose src/ changed since, it compiles again first (about 70 ms), so edits are never run stale.
// Without src/ (an installed package) or without esbuild, it runs dist/ as it is, or falls back
// to compiling the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A render is a short process. By default V8 hands a function to its optimising compiler after
// little use, and compiling on background threads cost more CPU than the optimised code saved:
// measured, a 30x later tier-up cut the seed's CPU by about a quarter and a 120-event PDF's by
// a third, with no slower wall time. Hot loops (PNG encoding, layout) still get optimised.
setFlagsFromString('--interrupt-budget=2000000');

const compiled = new URL('../dist/cli.js', import.meta.url);
if (existsSync(new URL('../src/cli.ts', import.meta.url))) {
  const { build, isStale } = await import('../scripts/build.mjs');
  if (isStale()) {
    await build().catch(() => {
      // esbuild has printed where the sources fail to compile.
      console.error('timeline-render: src/ has changed and does not compile; see above.');
      process.exit(70);
    });
  }
}
if (existsSync(compiled)) {
  const { runFromProcess } = await import(compiled.href);
  await runFromProcess();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runFromProcess } = await import('../src/cli.ts');
  await runFromProcess();
}
