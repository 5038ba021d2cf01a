// What both browser tests need: where the repository, the resolute binary
// and Chromium are, and a way to run resolute.
//
//   RESOLUTE_BIN  the resolute binary (default ../../target/debug/resolute,
//                 relative to this folder; build it first with `cargo build`)
//   CHROMIUM      the browser (default /usr/bin/chromium, from `apt-get install chromium`)

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const BIN = process.env.RESOLUTE_BIN
  ? path.resolve(process.env.RESOLUTE_BIN)
  : path.join(ROOT, 'target', 'debug', 'resolute');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Runs resolute with `args`; its standard output.
export function resolute(...args) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
