#!/usr/bin/env node
// Runs the TypeScript CLI directly, so `npx uptake` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');
