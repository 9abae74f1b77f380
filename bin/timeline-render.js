#!/usr/bin/env node
// Runs the compiled code in dist/, which the package ships (built by `npm pack`'s prepack, and
// by `npm ci`'s prepare in a checkout). It never compiles anything itself.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A render is a short process. By default V8 hands a function to its optimising compiler after
// little use, and compiling on background threads cost more CPU than the optimised code saved:
// measured, a 30x later tier-up cut the seed's CPU by about a quarter and a 120-event PDF's by
// a third, with no slower wall time. Hot loops (PNG encoding, layout) still get optimised.
const V8_FLAGS = '--interrupt-budget=2000000';
setFlagsFromString(V8_FLAGS);

// In a checkout (scripts/ is not shipped, and a checkout is not inside node_modules), an edit to
// src/ is compiled first, so a contributor never runs stale code.
const devLoop = new URL('../scripts/dev.mjs', import.meta.url);
if (!devLoop.pathname.includes('/node_modules/') && existsSync(devLoop)) await import(devLoop.href);

const args = process.argv.slice(2);
const command = args.find((arg) => !arg.startsWith('-'));
// --help, validate and import start from the small ES module entry, which loads no renderer
// (the render bundle would cost them its compile). Either entry runs the whole command line.
const light = args.length === 0 || command === 'help' || command === 'validate' || command === 'import';
if (light || args.some((arg) => ['--help', '-h', '--version'].includes(arg))) {
  const { runFromProcess } = await import('../dist/cli.js');
  await runFromProcess();
} else {
  const { runRenderBundle } = await import('./render-bundle.js');
  await runRenderBundle(V8_FLAGS);
}
