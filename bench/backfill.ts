// npm run bench:backfill [-- --size-mb 1024 --runs 3 --keep]
// Generates a corpus of Claude Code transcripts, then times `uptake claude backfill --dry-run` (parse + dedup)
// against `ccusage daily --json --offline` (ccusage 18.0.11) over it, both as subprocesses under /usr/bin/time,
// and checks both against the generator's ground truth.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpus, type CorpusTruth } from './transcript-corpus.ts';

const { values } = parseArgs({ options: { 'size-mb': { type: 'string', default: '1024' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' } } });
const sizeMb = Number(values['size-mb']);
const runs = Number(values.runs);
const root = fileURLToPath(new URL('..', import.meta.url));
const UPTAKE = path.join(root, 'bin', 'uptake.js');
const CCUSAGE = path.join(root, 'node_modules', 'ccusage', 'dist', 'index.js');

interface Measured {
  wallS: number;
  peakMiB: number;
  stdout: string;
}

/** Runs node with /usr/bin/time -v when it exists (wall clock and peak RSS of the child). */
function measure(args: string[], env: Record<string, string>): Measured {
  const useTime = existsSync('/usr/bin/time');
  const start = performance.now();
  const res = useTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallS = (performance.now() - start) / 1000;
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed (${res.status}): ${res.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr);
  return { wallS, peakMiB: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout: res.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function summarize(label: string, ms: Measured[]): { wallS: number; peakMiB: number } {
  const wallS = median(ms.map((m) => m.wallS));
  const peakMiB = median(ms.map((m) => m.peakMiB));
  console.log(`${label.padEnd(34)} median wall ${wallS.toFixed(2)} s (runs: ${ms.map((m) => m.wallS.toFixed(2)).join(', ')}), peak RSS ${peakMiB.toFixed(0)} MiB`);
  return { wallS, peakMiB };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'uptake-bench-backfill-'));
  const home = path.join(dir, 'home');
  try {
    const t0 = performance.now();
    const truth: CorpusTruth = await writeCorpus(home, sizeMb * 1024 * 1024);
    console.log(
      `corpus: ${(truth.bytes / 1048576).toFixed(0)} MiB, ${truth.files} files, ${truth.sessions} sessions, ${truth.requests} requests ` +
        `(written in ${((performance.now() - t0) / 1000).toFixed(1)} s to ${home})`,
    );
    const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude') };
    const ours: Measured[] = [];
    const theirs: Measured[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(measure([UPTAKE, 'claude', 'backfill', '--dry-run'], env));
      theirs.push(measure([CCUSAGE, 'daily', '--json', '--offline'], { ...env, LOG_LEVEL: '0' }));
    }
    const a = summarize('uptake claude backfill --dry-run', ours);
    const b = summarize('ccusage 18.0.11 daily --offline', theirs);
    console.log(`speed-up ${(b.wallS / a.wallS).toFixed(2)}x (goal >= 3x), peak memory ${(a.peakMiB / b.peakMiB * 100).toFixed(0)}% of ccusage's`);

    const report = JSON.parse(ours[0]!.stdout) as { requests: number; tokensByModel: Record<string, { input: number; output: number; cacheRead: number; cacheCreation: number }> };
    const u = Object.values(report.tokensByModel).reduce(
      (s, m) => ({ input: s.input + m.input, output: s.output + m.output, cacheRead: s.cacheRead + m.cacheRead, cacheCreation: s.cacheCreation + m.cacheCreation }),
      { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
    );
    const c = (JSON.parse(theirs[0]!.stdout) as { totals: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number } }).totals;
    const rows: Array<[string, number, number, number]> = [
      ['input', truth.input, u.input, c.inputTokens],
      ['output', truth.output, u.output, c.outputTokens],
      ['cache read', truth.cacheRead, u.cacheRead, c.cacheReadTokens],
      ['cache creation', truth.cacheCreation, u.cacheCreation, c.cacheCreationTokens],
    ];
    console.log(`\n${'tokens'.padEnd(16)}${'truth'.padStart(16)}${'uptake'.padStart(16)}${'ccusage'.padStart(16)}`);
    for (const [name, t, x, y] of rows) console.log(`${name.padEnd(16)}${String(t).padStart(16)}${String(x).padStart(16)}${String(y).padStart(16)}`);
    const outputGap = u.output - c.outputTokens;
    console.log(
      `\noutput difference uptake - ccusage: ${outputGap} tokens (${((outputGap / u.output) * 100).toFixed(1)}% of output); ` +
        `expected from the partial first lines ccusage 18 keeps: ${truth.output - truth.firstLineOutput}`,
    );
    const problems: string[] = [];
    if (report.requests !== truth.requests) problems.push(`uptake found ${report.requests} requests, the corpus has ${truth.requests}`);
    if (u.input !== truth.input || u.output !== truth.output || u.cacheRead !== truth.cacheRead || u.cacheCreation !== truth.cacheCreation) problems.push('uptake totals differ from the ground truth');
    if (c.inputTokens !== u.input || c.cacheReadTokens !== u.cacheRead || c.cacheCreationTokens !== u.cacheCreation) problems.push('input or cache totals differ between uptake and ccusage');
    if (outputGap !== truth.output - truth.firstLineOutput) problems.push('the output difference is not the partial-first-line difference');
    if (problems.length > 0) {
      console.error(`\nFAILED: ${problems.join('; ')}`);
      process.exitCode = 1;
    } else {
      console.log('\ntotals check: ok');
    }
  } finally {
    if (values.keep) console.log(`corpus kept in ${home}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
