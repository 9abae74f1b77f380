#!/usr/bin/env node
// Runs the compiled bundle in dist/, which the package ships (built by `npm pack`'s prepack, and
// by `npm ci`'s prepare in a checkout). It never compiles anything itself.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A render is a short process. By default V8 hands a function to its optimising compiler after
// little use, and compiling on background threads cost more CPU than the optimised code saved:
// measured, a 30x later tier-up cut the seed's CPU by about a quarter and a 120-event PDF's by
// a third, with no slower wall time. Hot loops (PNG encoding, layout) still get optimised.
setFlagsFromString('--interrupt-budget=2000000');

// In a checkout (scripts/ is not shipped, and a checkout is not inside node_modules), an edit to
// src/ is compiled first, so a contributor never runs stale code.
const devLoop = new URL('../scripts/dev.mjs', import.meta.url);
if (!devLoop.pathname.includes('/node_modules/') && existsSync(devLoop)) await import(devLoop.href);

const { runFromProcess } = await import('../dist/cli.js');
await runFromProcess();
