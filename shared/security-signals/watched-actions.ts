/**
 * Actions whose rapid repetition by one member is worth a look (a stolen session exporting the
 * books, an insider approving a pile of entries or handing out permissions). Each kind lists the
 * routes that perform it, by their declared name, and how many a member may do in one window
 * before a signal is raised (an organisation's admins can change the number). A new domain adds
 * its sensitive routes here, one line each: `'payables-vendor-bank-details': 'bank-detail-change'`.
 * A test fails when a listed route is not declared, so a rename cannot quietly stop the watch.
 */
export const watchedKinds = {
  /** Any answer that is a file to keep (a CSV report, an audit export, a document download). */
  export: { defaultLimit: 30 },
  approval: { defaultLimit: 40 },
  'member-change': { defaultLimit: 15 },
  reversal: { defaultLimit: 20 },
  'lock-or-lockdown': { defaultLimit: 6 },
  'session-revocation': { defaultLimit: 15 },
  /** Entering, approving or purging vendor bank details: the payment-fraud path. */
  'bank-detail-change': { defaultLimit: 5 },
} as const;
export type WatchedKind = keyof typeof watchedKinds;
export const watchedKindNames = Object.keys(watchedKinds) as WatchedKind[];

/** Successful requests to these routes count as the action named. */
export const watchedRoutes: Readonly<Record<string, WatchedKind>> = {
  'ledger-journal-entries-approve': 'approval',
  'ledger-periods-reopen-approve': 'approval',
  'ledger-settings-dual-control-approve': 'approval',
  'admin-data-exports-request': 'export',
  'admin-members-add': 'member-change',
  'admin-members-permissions': 'member-change',
  'admin-members-restrictions': 'member-change',
  'admin-members-remove': 'member-change',
  'portfolio-grants-create': 'member-change',
  'ledger-journal-entries-reverse': 'reversal',
  'admin-members-lock': 'lock-or-lockdown',
  'admin-members-unlock': 'lock-or-lockdown',
  'admin-lockdown-start': 'lock-or-lockdown',
  'admin-lockdown-lift': 'lock-or-lockdown',
  'admin-sessions-revoke': 'session-revocation',
  'admin-members-revoke-sessions': 'session-revocation',
  'payables-bills-approve': 'approval',
  'payables-bank-accounts-request': 'bank-detail-change',
  'payables-bank-accounts-approve': 'bank-detail-change',
  'payables-bank-accounts-purge': 'bank-detail-change',
};

/**
 * Routes whose success posted journal entries: each asks for a review of the organisation's new
 * postings for outliers, off the posting path. A new way to post adds its route here.
 */
export const postingRoutes: ReadonlySet<string> = new Set([
  'ledger-journal-entries-post',
  'ledger-journal-entries-create-and-post',
  'ledger-journal-entries-import',
  'ledger-journal-entries-approve',
  'ledger-journal-entries-reverse',
  'payables-bills-approve',
  'payables-bills-void',
  'payables-bills-record-payment',
]);

/** What a finished request did, as far as counting goes. */
export function watchedKindOf(route: string, answeredWithFile: boolean): WatchedKind | undefined {
  return watchedRoutes[route] ?? (answeredWithFile ? 'export' : undefined);
}
