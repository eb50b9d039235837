import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { zipArchive } from './zip-archive.ts';

const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/teams/', import.meta.url));

/** The app package a Teams admin uploads: manifest.json (with the bot's app id and host filled in) and the two icons. */
export async function buildTeamsPackage(appId: string, publicUrl: string): Promise<Buffer> {
  const host = new URL(publicUrl).hostname;
  const template = await readFile(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  const manifest = template.replaceAll('{{TEAMS_APP_ID}}', appId).replaceAll('{{PUBLIC_HOST}}', host);
  JSON.parse(manifest);
  return zipArchive([
    { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
    { name: 'color.png', data: await readFile(join(MANIFEST_DIR, 'color.png')) },
    { name: 'outline.png', data: await readFile(join(MANIFEST_DIR, 'outline.png')) },
  ]);
}

/** `npm run teams:package [-- --out uptake-teams.zip]`: needs TEAMS_APP_ID and PUBLIC_URL. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'manifest/teams/build/uptake-teams.zip' } } });
  const config = loadConfig();
  if (!config.TEAMS_APP_ID || !config.PUBLIC_URL) {
    throw new ConfigError('Set TEAMS_APP_ID (the Azure Bot\'s Microsoft App ID) and PUBLIC_URL (https://uptake.example.com) to build the Teams app package.');
  }
  const zip = await buildTeamsPackage(config.TEAMS_APP_ID, config.PUBLIC_URL);
  const out = values.out as string;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, zip);
  process.stdout.write(`Wrote ${out} (${zip.length} bytes): upload it in Teams → Apps → Manage your apps → Upload an app.\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
