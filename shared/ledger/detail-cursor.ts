import { z } from 'zod';
import type { Restrictions } from '../platform/auth/restrictions';
import type { FieldCrypto } from '../platform/crypto/field-crypto';
import { ValidationError } from '../platform/errors';

/**
 * Where the next page of an account detail starts: the database's own cursor and the running
 * balance so far. The client carries it between pages, so it is sealed with AES-GCM (the
 * general field-encryption ring, key id inside, so it survives key rotation) and bound by
 * associated data to the organisation, the member and their restrictions, and the exact report
 * it continues. A forged
 * running balance, a token of another account, range, filter, member or organisation, or any
 * other string is a 400, never a changed figure and never a 500.
 */
export interface DetailCursor {
  readonly cosmos: string;
  readonly running: bigint;
}

export interface DetailCursorBinding {
  readonly tenantId: string;
  readonly memberId: string;
  /** The running balance adds up the lines in the member's reach: new restrictions, new start. */
  readonly restrictions: Restrictions;
  readonly accountId: string;
  readonly from: string;
  readonly to: string;
  readonly facility?: string;
  readonly division?: string;
}

const sealedShape = z.object({ cosmos: z.string().min(1), running: z.string().regex(/^-?\d{1,40}$/) }).strict();

// JSON of a tuple, not joined text: no value can pass for two neighbouring ones.
const associatedData = (binding: DetailCursorBinding) =>
  JSON.stringify([
    'ledger.account-detail.v1',
    binding.tenantId,
    binding.memberId,
    binding.restrictions.facilities ? [...binding.restrictions.facilities].sort() : null,
    binding.restrictions.divisions ? [...binding.restrictions.divisions].sort() : null,
    binding.accountId,
    binding.from,
    binding.to,
    binding.facility ?? null,
    binding.division ?? null,
  ]);

export function sealDetailCursor(crypto: FieldCrypto, binding: DetailCursorBinding, cursor: DetailCursor): string {
  const plaintext = JSON.stringify({ cosmos: cursor.cosmos, running: cursor.running.toString() });
  return Buffer.from(crypto.encrypt('general', plaintext, associatedData(binding))).toString('base64url');
}

const refused = () =>
  new ValidationError('The continuation token is not valid for this report', [
    { field: 'continuationToken', reason: 'not a token this report gave out; start again without one' },
  ]);

export function openDetailCursor(crypto: FieldCrypto, binding: DetailCursorBinding, token: string): DetailCursor {
  let opened: z.infer<typeof sealedShape>;
  try {
    const sealed = Buffer.from(token, 'base64url').toString('utf8');
    opened = sealedShape.parse(JSON.parse(crypto.decrypt('general', sealed, associatedData(binding))));
  } catch {
    // Whatever failed (encoding, authentication, shape), the client only needs to know it is not ours.
    throw refused();
  }
  return { cosmos: opened.cosmos, running: BigInt(opened.running) };
}
