/**
 * Custom events that alert rules query by name (infra/modules/alerts.bicep). A test reads the
 * Bicep and fails when an alert names an event that is not listed here or not emitted, so a
 * rename cannot silently leave an alert watching nothing.
 */
export const alertedEvents = {
  /** A sign-in or token refresh refused (each one, before the address-block threshold). */
  signInFailed: 'SignInFailed',
  /** An access token refused: bad signature, expired, revoked, idle, member removed. */
  credentialRefused: 'CredentialRefused',
  /** A request refused by the shared rate limits. */
  rateLimitRejected: 'RateLimitRejected',
  /** The nightly integrity monitor found a break (shared/integrity). */
  integrityBreak: 'IntegrityBreak',
} as const;
