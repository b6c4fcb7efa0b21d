/**
 * A bill in a run is reserved by a document whose id is the bill's (`payment-reservation-<bill>`):
 * a second run reserving it fails its batch, so no two runs can pay one bill. Released (not
 * deleted: records are append-only) when the bill leaves the run, the run is cancelled or fails,
 * or the run is finalized; a later run takes a released reservation over under its ETag.
 */
import { retryOnConflict } from '../platform/data/retry';
import type { Stored } from '../platform/data/stored-document';
import type { ReservationDocuments, RunDocuments } from './run-store';

export const reservationType = 'payment-reservation';
export const reservationId = (billId: string) => `payment-reservation-${billId}`;

export interface Reservation {
  readonly billId: string;
  readonly runId: string;
  readonly held: boolean;
}

const liveStates = new Set(['draft', 'approved', 'processing']);
/** A run being proposed holds its bills this long; a creation that crashed frees them after it. */
export const proposingLeaseMs = 5 * 60_000;

/**
 * Reservations of the organisation's bills, by bill, and the bills a live run holds. A reservation
 * counts only while its run is live (being proposed within its lease, draft, approved or
 * processing): one left by a creation that crashed, or by a run that ended before releasing it,
 * holds nothing.
 */
export async function readReservations(
  store: ReservationDocuments & RunDocuments,
  now: Date,
): Promise<{ byBill: Map<string, Stored<Reservation>>; held: Set<string> }> {
  const all = await store.listReservations();
  const runIds = [...new Set(all.filter((each) => each.held).map((each) => each.runId))];
  const live = new Set<string>();
  for (const runId of runIds) {
    const run = await store.findRun(runId);
    const proposing = run?.state === 'proposing' && now.getTime() - Date.parse(run.createdAt) < proposingLeaseMs;
    if (run && (liveStates.has(run.state) || proposing)) live.add(runId);
  }
  return {
    byBill: new Map(all.map((reservation) => [reservation.billId, reservation])),
    held: new Set(all.filter((each) => each.held && live.has(each.runId)).map((each) => each.billId)),
  };
}

/** Releases what `runId` still holds of these bills (a reservation another run took over is left alone). */
export async function releaseReservations(
  store: ReservationDocuments,
  runId: string,
  billIds: readonly string[],
): Promise<void> {
  for (let start = 0; start < billIds.length; start += 100) {
    const chunk = billIds.slice(start, start + 100);
    await retryOnConflict('The reservations', async () => store.release(await store.heldBy(runId, chunk)));
  }
}
