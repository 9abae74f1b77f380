#!/usr/bin/env node
// Runs the compiled bundle in dist/ (made by `npm ci` through the prepare script, and again before
// start, test and bench). Without it, falls back to compiling the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (existsSync(compiled)) {
  const { runFromProcess } = await import(compiled.href);
  await runFromProcess();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runFromProcess } = await import('../src/cli.ts');
  await runFromProcess();
}
