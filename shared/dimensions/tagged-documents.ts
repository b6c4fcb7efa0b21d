import type { Restrictions } from '../platform/auth/restrictions';
import { memberType } from '../identity/member';
import { accountType } from '../ledger/accounts';
import { journalEntryType } from '../ledger/journal-entry';
import { billType } from '../payables/bill';
import { vendorType } from '../payables/vendor';
import { applicationType, creditNoteType, receiptType } from '../receivables/credits';
import { customerType } from '../receivables/customers';
import { invoiceType } from '../receivables/invoice';
import type { DimensionTags } from './dimension-check';
import type { DimensionKind } from './schemas';

/**
 * Every stored document type that names a facility or division, by its domain's own type name:
 * the ledger's accounts and entries (drafts, submitted and posted alike), identity's members
 * (their restrictions), payables' vendors and bills (credits too: a bill of the other sign),
 * receivables' customers, invoices, receipts, credit notes and the applications that settle
 * invoices. Balance snapshots and account months carry the same values but only ever from posted
 * entry lines, which are kept forever, so reading the entries finds them all.
 */
export const taggedDocumentTypes = [
  accountType,
  journalEntryType,
  memberType,
  vendorType,
  billType,
  customerType,
  invoiceType,
  receiptType,
  creditNoteType,
  applicationType,
] as const;

/** A stored document as far as its tags go: on itself (a vendor, an invoice's header), on its lines, in its restrictions. */
export interface TaggedDocument extends DimensionTags {
  readonly lines?: readonly DimensionTags[] | null;
  readonly restrictions?: Restrictions | null;
}

/** The facilities and divisions a document names, wherever it carries them; empty text names nothing. */
export function tagsOf(document: TaggedDocument): Array<{ kind: DimensionKind; code: string }> {
  const places: DimensionTags[] = [
    document,
    ...(document.lines ?? []),
    ...(document.restrictions?.facilities ?? []).map((facility) => ({ facility })),
    ...(document.restrictions?.divisions ?? []).map((division) => ({ division })),
  ];
  return places.flatMap((place) =>
    (['facility', 'division'] as const).flatMap((kind) => {
      const code = place[kind];
      return typeof code === 'string' && code !== '' ? [{ kind, code }] : [];
    }),
  );
}
