import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface LocalCertificate {
  readonly keyFile: string;
  readonly certFile: string;
  readonly certificate: string;
  /** System CAs plus this certificate, for NODE_EXTRA_CA_CERTS of processes that must trust it. */
  readonly trustBundleFile: string;
}

/**
 * A self-signed certificate for localhost, for local stand-ins that must speak HTTPS (MSAL
 * refuses plain-HTTP authorities). Made once per folder and reused.
 */
export async function localCertificate(folder: string): Promise<LocalCertificate> {
  mkdirSync(folder, { recursive: true });
  const keyFile = join(folder, 'localhost-key.pem');
  const certFile = join(folder, 'localhost-cert.pem');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(certFile, pems.cert);
  }
  const certificate = readFileSync(certFile, 'utf8');
  const system =
    process.env.NODE_EXTRA_CA_CERTS &&
    existsSync(process.env.NODE_EXTRA_CA_CERTS) &&
    !process.env.NODE_EXTRA_CA_CERTS.startsWith(folder)
      ? readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8')
      : '';
  const trustBundleFile = join(folder, 'trust-bundle.pem');
  writeFileSync(trustBundleFile, `${system}\n${certificate}`);
  return { keyFile, certFile, certificate, trustBundleFile };
}
