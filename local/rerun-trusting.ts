import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalCertificate } from './emulators/local-certificate';

/** The folder holding package.json, whether this runs from local/ or from a build of it. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/**
 * Node reads NODE_EXTRA_CA_CERTS only when it starts, and MSAL (rightly) insists on HTTPS for
 * the local identity provider: so run once more with the local certificate trusted.
 */
export function rerunTrusting(certificate: LocalCertificate): void {
  const child = spawn(process.execPath, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.trustBundleFile, LEDGERLINE_LOCAL_TLS_TRUSTED: '1' },
  });
  // Ctrl-C reaches the child too (same process group); this process just waits for it.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 0));
}
