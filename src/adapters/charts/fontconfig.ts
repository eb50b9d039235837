import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The TTF folder of the `dejavu-fonts-ttf` package, wherever npm put it. */
export function shippedFontDir(): string {
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** A fontconfig file that knows only the shipped fonts (no system dirs), with "sans-serif" meaning DejaVu Sans. */
export function fontconfigXml(fontDir: string, cacheDir: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${escape(fontDir)}</dir>
  <cachedir>${escape(cacheDir)}</cachedir>
  <alias binding="same"><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias binding="same"><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias binding="same"><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
</fontconfig>
`;
}

let configured: string | null = null;

/**
 * Points fontconfig (inside sharp's librsvg) at the shipped fonts only, so text looks the same on every machine
 * and in the Docker image. fontconfig reads FONTCONFIG_FILE from the environment when sharp first renders text,
 * and there is no API to pass it, so this is the one place besides src/config.ts that touches process.env; it
 * must run before sharp is first imported. The file is written under the OS temp dir (the app dir may be
 * read-only in a container) and names the font folder by absolute path.
 */
export function useShippedFonts(): string {
  if (configured) return configured;
  const fontDir = shippedFontDir();
  const dir = join(tmpdir(), `uptake-fonts-${createHash('sha256').update(fontDir).digest('hex').slice(0, 12)}`);
  mkdirSync(join(dir, 'cache'), { recursive: true });
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, fontconfigXml(fontDir, join(dir, 'cache')));
  process.env['FONTCONFIG_FILE'] = file;
  configured = file;
  return file;
}
