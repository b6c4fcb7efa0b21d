import { ConfigurationError } from './configuration-error';
import { validatedSettingsSchema, type Settings } from './settings';

/** Validates plain settings once; the error names each bad setting and the rule it broke. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // An empty value (as local.settings.json placeholders give) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = validatedSettingsSchema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigurationError(
    result.error.issues.map(
      (issue) => `setting ${issue.path.join('.') || '(root)'} ${describe(issue.code, issue.message)}`,
    ),
  );
}

/** zod messages can quote the received value ("received 'abc'"): keep only the rule. */
function describe(code: string, message: string): string {
  if (code === 'invalid_type' && /undefined/.test(message)) return 'is missing';
  if (code === 'custom') return message;
  // zod's format messages name the rule ("Invalid URL", or a schema's own regex message), never the value.
  if (code === 'invalid_format') return `is malformed (${message})`;
  if (code === 'invalid_value') return 'has a value that is not allowed';
  return `is invalid: ${message.replace(/received .*/i, '').trim()}`;
}
