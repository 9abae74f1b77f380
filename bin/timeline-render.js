#!/usr/bin/env node
// Runs the TypeScript sources through tsx, resolved from this package rather than the caller's folder.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../src/cli.ts');
await runFromProcess();
