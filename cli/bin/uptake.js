#!/usr/bin/env node
import { runStandaloneCli } from '../dist/cli/standalone.js';

process.exitCode = await runStandaloneCli(process.argv.slice(2));
