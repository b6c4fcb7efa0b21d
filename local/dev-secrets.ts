import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { secretSettingNames, type SecretSettingName } from '../shared/platform/config/secrets';

/**
 * Development secrets, in the same formats production keeps in Key Vault. Only local tooling
 * makes them: the local start keeps one set per machine, the test harness makes one per hosted
 * app, and both hand them to the app as settings of the same names.
 */
export function generateDevelopmentSecrets(): Record<SecretSettingName, string> {
  const kidNow = `dev-${new Date().toISOString().slice(0, 10)}`;
  const fieldRing = () => JSON.stringify({ primary: kidNow, keys: { [kidNow]: randomBytes(32).toString('base64') } });
  const signing = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    FIELD_KEYS_GENERAL: fieldRing(),
    FIELD_KEYS_SENSITIVE: fieldRing(),
    BANK_FINGERPRINT_KEYS: fieldRing(),
    TOKEN_SIGNING_KEYS: JSON.stringify({ primary: kidNow, keys: { [kidNow]: signing } }),
    // Locally the Postmark stand-in is started with this token and posts bounces with these credentials.
    POSTMARK_SERVER_TOKEN: randomUUID(),
    POSTMARK_WEBHOOK_CREDENTIALS: `postmark:${randomBytes(24).toString('base64url')}`,
    // Locally the Anthropic stand-in is started with this key, as Anthropic knows the real one.
    ANTHROPIC_API_KEY: `sk-ant-dev-${randomBytes(24).toString('base64url')}`,
  };
}

/**
 * The local start's secrets: environment values when set, otherwise generated once and kept in
 * `file` (mode 0600, git-ignored) so data encrypted in one run stays readable in the next.
 */
export function keptDevelopmentSecrets(env: NodeJS.ProcessEnv, file: string): Record<SecretSettingName, string> {
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  // A file from before a secret existed keeps its values and gains the new one.
  const stored = { ...generateDevelopmentSecrets(), ...kept } as Record<SecretSettingName, string>;
  if (Object.keys(stored).length !== Object.keys(kept).length) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Object.fromEntries(secretSettingNames.map((name) => [name, env[name] || stored[name]])) as Record<
    SecretSettingName,
    string
  >;
}
