/**
 * Binding expressions the Functions host resolves from app settings: `%NAME%` anywhere in a
 * binding property (queue names, schedules) is replaced by that setting's value.
 */
export function resolveAppSettings(value: string, env: NodeJS.ProcessEnv, where: string): string {
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const setting = env[name];
    if (setting === undefined || setting === '')
      throw new Error(`${where}: '%${name}%' does not resolve to a value (app setting ${name} is not set)`);
    return setting;
  });
}

/**
 * The connection string a storage binding's `connection` names (default AzureWebJobsStorage).
 * In Azure the setting may instead be identity-based (`<name>__accountName`); locally the
 * emulators need a connection string.
 */
export function storageConnectionString(connection: unknown, env: NodeJS.ProcessEnv, where: string): string {
  const setting = typeof connection === 'string' && connection !== '' ? connection : 'AzureWebJobsStorage';
  const value = env[setting] ?? env[`AzureWebJobs${setting}`];
  if (value) return value;
  const identityBased = Object.keys(env).some((key) => key.startsWith(`${setting}__`));
  throw new Error(
    identityBased
      ? `${where}: setting ${setting} is identity-based (${setting}__...); the local host needs a connection string in ${setting}`
      : `${where}: setting ${setting} is not set (it names the storage account connection)`,
  );
}
