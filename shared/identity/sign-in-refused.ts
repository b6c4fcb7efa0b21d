/** A sign-in that did not happen. The reason goes to the audit log, never to the browser. */
export class SignInRefused extends Error {
  constructor(
    readonly reason:
      | 'expired'
      | 'browser-mismatch'
      | 'unknown-organization'
      | 'provider-unavailable'
      | 'provider-error'
      | 'not-allowed'
      | 'not-a-member'
      | 'identity-mismatch'
      | 'unverified-email'
      | 'invalid'
      | 'blocked'
      | 'locked'
      | 'mfa-required'
      | 'suspended',
    /** The organisation the attempt was for, when the pending sign-in named one. */
    readonly tenantId?: string,
  ) {
    super(`sign-in refused: ${reason}`);
    this.name = 'SignInRefused';
  }
}

/**
 * What the SPA is told: that the sign-in took too long or was used already (start again), or
 * that it failed. Nothing finer: an unknown organisation, a domain it does not allow, a person
 * who is not a member and an address it blocks all read the same, so the answer confirms
 * neither that an organisation exists nor who belongs to it.
 */
export function publicSignInError(refusal: SignInRefused): 'sign_in_expired' | 'sign_in_failed' {
  return refusal.reason === 'expired' ? 'sign_in_expired' : 'sign_in_failed';
}
