import { UnauthenticatedError } from '../errors';
import type { Authenticator } from './principal';

/**
 * Until sign-in through Entra ID / Google Workspace exists, no credential is accepted: every
 * protected route answers 401. Failing closed is the only safe default for the slot.
 */
export const pendingAuthenticator: Authenticator = {
  authenticate: async () => {
    throw new UnauthenticatedError('Sign-in is not available yet');
  },
};
