#!/usr/bin/env node
// Runs the TypeScript CLI directly, so `npx uptake` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const argv = process.argv.slice(2);
// Developer commands (`uptake claude|gemini|cursor ...`) skip the admin CLI's database modules, to start fast.
const devCode = argv[0] === 'claude' || argv[0] === 'gemini' || argv[0] === 'cursor' ? await (await import('../src/main/dev-cli.ts')).runDevCli(argv) : null;
if (devCode !== null) process.exitCode = devCode;
else await import('../src/main/cli.ts');
