import path from 'node:path';
import { buildCliTarball } from './cli-package.ts';

/** `npm run build:cli [out.tgz]`: packs the developer CLI (the package uptake-cli) into a tarball. */
const out = await buildCliTarball(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
process.stdout.write(`${out}\n`);
