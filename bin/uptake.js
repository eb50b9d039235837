#!/usr/bin/env node
// Runs the TypeScript CLI directly when tsx is installed (a clone after `npm ci`: no build step), else the
// compiled one in dist/ (`npm run build`; the Docker image, installed without dev dependencies).
let register = null;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  // no tsx: the compiled build
}
register?.();
const main = (name) => new URL(register ? `../src/main/${name}.ts` : `../dist/main/${name}.js`, import.meta.url).href;
const argv = process.argv.slice(2);
// Developer commands (`uptake claude|gemini|cursor ...`) skip the admin CLI's database modules, to start fast.
const devCode = argv[0] === 'claude' || argv[0] === 'gemini' || argv[0] === 'cursor' ? await (await import(main('dev-cli'))).runDevCli(argv) : null;
if (devCode !== null) process.exitCode = devCode;
else await import(main('cli'));
