/**
 * Keeps secrets and protected values out of logs. Keys that name secrets are masked whatever
 * their value; values that look like credentials or our ciphertexts are masked whatever their key.
 */
const secretKey =
  /pass(word)?|secret|token|api[-_]?key|^key$|private|authorization|cookie|connection[-_]?string|account[-_]?key|signature|iban|account[-_]?number|routing|sort[-_]?code|bank|card[-_]?number|ssn|tax[-_]?id/i;

const secretValue = [
  /^enc:v\d+:/, // our field ciphertext
  /^Bearer\s+/i,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./, // a JWT
  /AccountKey=|SharedAccessKey=|SharedAccessSignature=|[?&]sig=/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

export const redacted = '[REDACTED]';
const maxDepth = 8;

export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return secretValue.some((pattern) => pattern.test(value)) ? redacted : value;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return '[TRUNCATED]';
  if (seen.has(value)) return '[CIRCULAR]';
  seen.add(value);
  if (value instanceof Error) {
    // Messages of third-party errors can quote URLs and keys: they pass through the same masks.
    return { name: value.name, message: redact(value.message, depth + 1, seen) };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = secretKey.test(key) && item !== undefined && item !== null ? redacted : redact(item, depth + 1, seen);
  }
  return result;
}
