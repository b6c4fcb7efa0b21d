import { newEntry, type JournalEntry, type StoredLine } from '../ledger/journal-entry';
import { reversedLines } from '../ledger/posting-rules';
import type { Stored } from '../platform/data/stored-document';
import type { Bill } from './bill';

const dimensionsKey = (line: { facility: string | null; division: string | null }) =>
  JSON.stringify([line.facility, line.division]);

/**
 * A bill's posting: each line debits its account; tax debits the purchase tax account; AP control
 * is credited per facility and division of the lines (the tax with the first line's), so the
 * control account's balance by facility is what the aging shows by facility.
 */
function billPosting(bill: Bill, apControlAccountId: string, taxAccountId: string | null): StoredLine[] {
  const debits: StoredLine[] = bill.lines.map((line) => ({ ...line, side: 'debit' }));
  const first = bill.lines[0]!;
  const credits = new Map<string, { facility: string | null; division: string | null; amount: bigint }>();
  const credit = (line: { facility: string | null; division: string | null }, amount: bigint) => {
    const key = dimensionsKey(line);
    const group = credits.get(key) ?? { facility: line.facility, division: line.division, amount: 0n };
    credits.set(key, { ...group, amount: group.amount + amount });
  };
  for (const line of bill.lines) credit(line, BigInt(line.amountMinor));
  if (BigInt(bill.taxMinor) > 0n && taxAccountId) {
    debits.push({
      accountId: taxAccountId,
      side: 'debit',
      amountMinor: bill.taxMinor,
      facility: first.facility,
      division: first.division,
      memo: 'Tax',
    });
    credit(first, BigInt(bill.taxMinor));
  }
  return [
    ...debits,
    ...[...credits.values()].map((group) => ({
      accountId: apControlAccountId,
      side: 'credit' as const,
      amountMinor: group.amount.toString(),
      facility: group.facility,
      division: group.division,
      memo: `${bill.kind === 'credit' ? 'Credit' : 'Bill'} ${bill.billNumber}`,
    })),
  ];
}

/**
 * The lines a bill or credit posts: a vendor credit is the mirror image (AP control debited,
 * the lines' accounts credited), so it lowers the control account as it lowers what is owed.
 */
export function billLines(bill: Bill, apControlAccountId: string, taxAccountId: string | null): StoredLine[] {
  const lines = billPosting(bill, apControlAccountId, taxAccountId);
  return bill.kind === 'credit' ? reversedLines(lines) : lines;
}

/** The entry an approval posts, named for the bill and its vendor. */
export function billEntry(
  bill: Stored<Bill>,
  vendorName: string,
  lines: StoredLine[],
  approval: { submittedAt: string | null },
): JournalEntry {
  const entry = newEntry({
    date: bill.billDate,
    memo: `${bill.kind === 'credit' ? 'Credit' : 'Bill'} ${bill.billNumber} from ${vendorName}`.slice(0, 500),
    reference: bill.id,
    currency: bill.currency,
    lines,
    drafters: [...bill.drafters],
  });
  return { ...entry, status: 'submitted', submittedBy: bill.submittedBy, submittedAt: approval.submittedAt };
}

/** The reversing entry of a void: the bill's posting mirrored, dated the void's date. */
export function voidEntry(
  original: JournalEntry,
  originalId: string,
  bill: Bill,
  actorId: string,
  date: string,
  reason: string,
): JournalEntry {
  return {
    ...original,
    status: 'draft',
    number: null,
    date,
    memo: `Void of ${bill.kind} ${bill.billNumber}: ${reason}`.slice(0, 500),
    lines: reversedLines(original.lines),
    reversalOf: originalId,
    postedAt: null,
    postedBy: null,
    drafters: [actorId],
    submittedBy: null,
    submittedAt: null,
  };
}
