/**
 * The portfolio's stored documents. A share has two halves: the grant in the owner's partition
 * (the one that decides: every read checks it) and the share in the requester's (what the
 * requester lists and names in its routes). The other organisation's tenant id is kept inside
 * them and never sent: only across-tenants.ts uses it.
 */
export const shareRequestType = 'portfolio-share-request';
export const shareCodeType = 'portfolio-share-code';
export const grantType = 'portfolio-grant';
export const shareType = 'portfolio-share';
export const consolidationSetupType = 'portfolio-consolidation';

export type ShareStatus = 'active' | 'revoked' | 'ended';

/** In the requester's partition: a code was issued (its hash only); used once a grant takes it. */
export interface ShareRequest {
  readonly codeHash: string;
  readonly expiresAt: string;
  readonly status: 'pending' | 'used';
  readonly usedAt: string | null;
}

/** In the platform container, keyed by the code's hash: how an owner's pasted code finds its request. */
export interface ShareCode {
  readonly requesterTenantId: string;
  readonly requesterName: string;
  readonly requestId: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

/** In the owner's partition. */
export interface Grant {
  readonly requesterTenantId: string;
  readonly requesterName: string;
  readonly requestId: string;
  readonly allowMonthToDate: boolean;
  readonly status: ShareStatus;
  readonly grantedAt: string;
  readonly endedAt: string | null;
}

/** In the requester's partition. */
export interface Share {
  readonly ownerTenantId: string;
  readonly ownerName: string;
  readonly grantId: string;
  readonly allowMonthToDate: boolean;
  readonly status: ShareStatus;
  readonly grantedAt: string;
  readonly endedAt: string | null;
}
