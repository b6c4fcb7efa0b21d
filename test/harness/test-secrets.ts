import { generateDevelopmentSecrets } from '../../local/dev-secrets';
import { createAccessTokens, type AccessTokens } from '../../shared/identity/access-tokens';
import { systemClock } from '../../shared/platform/clock';
import { parseSigningKeyRing } from '../../shared/platform/config/secrets';

/**
 * Development secrets for a suite's app (passed as its settings) and an access-token issuer with
 * the same signing keys, so the suite can open sessions whose tokens that app accepts.
 */
export function testSecrets(): { secrets: ReturnType<typeof generateDevelopmentSecrets>; tokens: AccessTokens } {
  const secrets = generateDevelopmentSecrets();
  return {
    secrets,
    tokens: createAccessTokens(parseSigningKeyRing('TOKEN_SIGNING_KEYS', secrets.TOKEN_SIGNING_KEYS), systemClock),
  };
}
