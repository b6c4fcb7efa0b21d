/** A setting or secret is missing or malformed. The message names it and why, never its value. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Ledgerline cannot start: ${problems.length === 1 ? problems[0] : `\n  - ${problems.join('\n  - ')}`}`);
    this.name = 'ConfigurationError';
  }
}
