import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE_DIR = path.join(ROOT, 'cli');

/** Where `npm run build:cli` writes the developer CLI's package and the server serves it (GET /cli/uptake-cli.tgz). */
export const CLI_TARBALL = path.join(PACKAGE_DIR, 'build', 'uptake-cli.tgz');

/** What the package is made of: the CLI and domain sources it compiles, and the package folder itself. */
const SOURCES = [path.join(ROOT, 'src', 'cli'), path.join(ROOT, 'src', 'domain'), PACKAGE_DIR];

/** The newest file's modification time under `dir` (0 when there is no such folder, as in an image without sources). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === path.dirname(CLI_TARBALL)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the `uptake-cli` package (src/cli and the domain code it uses, compiled by tsc; no dependencies) and packs
 * it with `npm pack` into `outFile`. Needs the devDependency typescript.
 */
export async function buildCliTarball(outFile = CLI_TARBALL): Promise<string> {
  const staging = mkdtempSync(path.join(tmpdir(), 'uptake-cli-build-'));
  try {
    const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', path.join(PACKAGE_DIR, 'tsconfig.json'), '--outDir', path.join(staging, 'dist')]);
    for (const part of ['package.json', 'README.md', 'bin']) cpSync(path.join(PACKAGE_DIR, part), path.join(staging, part), { recursive: true });
    const packed = await run('npm', ['pack', staging, '--pack-destination', staging, '--json', '--ignore-scripts'], { cwd: staging });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    mkdirSync(path.dirname(outFile), { recursive: true });
    // copy next to it, then rename: a server reading it (or another build) never sees half a file
    const partial = `${outFile}.${process.pid}.partial`;
    cpSync(path.join(staging, filename), partial);
    renameSync(partial, outFile);
    return outFile;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * At `npm start`: builds the package when it is missing or older than its sources (a `git pull` changed them), so
 * the server always serves the CLI of its own version. A failure (no typescript in a production install) is told
 * and the server runs on: GET /cli/uptake-cli.tgz then says how to build it.
 */
export async function ensureCliTarball(log: (line: string) => void): Promise<void> {
  const builtAt = existsSync(CLI_TARBALL) ? statSync(CLI_TARBALL).mtimeMs : 0;
  if (builtAt > 0 && builtAt >= Math.max(...SOURCES.map(newestMtime))) return;
  try {
    await buildCliTarball();
    log(`Built the developer CLI package: ${path.relative(ROOT, CLI_TARBALL)} (served at /cli/uptake-cli.tgz, instructions at /install).`);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    log(`Could not build the developer CLI package (${why}); ${builtAt > 0 ? 'serving the older one' : '/cli/uptake-cli.tgz answers 503'} until \`npm run build:cli\` succeeds.`);
  }
}
