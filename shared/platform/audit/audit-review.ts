import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { TenantContext } from '../actor';
import type { TenantRepository } from '../data/tenant-repository';
import { ValidationError } from '../errors';
import { appendAuditRecord } from './audit-log';
import { auditRecordType, type AuditRecord } from './audit-record';
import { verifyAuditChain, type ChainVerdict } from './verify-chain';

export interface AuditFilters {
  readonly action?: string;
  readonly actor?: string;
  /** Inclusive calendar days (UTC), `YYYY-MM-DD`. */
  readonly from?: string;
  readonly to?: string;
  readonly targetType?: string;
  readonly targetId?: string;
}

/** A record as reviewers see it: every hashed field (so they can re-check the chain), nothing else. */
export interface AuditRecordView {
  readonly sequence: number;
  readonly timestamp: string;
  readonly actor: { readonly id: string; readonly kind: string };
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly details: NonNullable<AuditRecord['details']> | null;
  readonly previousHash: string;
  readonly hash: string;
}

export interface AuditPage {
  readonly items: AuditRecordView[];
  /** Opaque; present when older records match the same filters. */
  readonly continuationToken: string | null;
}

/**
 * The continuation token names the sequence number to continue below. It carries nothing but
 * that (a forged one only moves the start within the caller's own log), and anything that is
 * not exactly such a token is a 400, never a 500.
 */
const tokenContent = z.strictObject({ before: z.number().int().min(2) });

function encodeToken(before: number): string {
  return Buffer.from(JSON.stringify({ before })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) throw new Error('not base64url');
    return tokenContent.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).before;
  } catch {
    throw new ValidationError('The continuation token is not valid', [
      { field: 'continuationToken', reason: 'not a token this route gave out' },
    ]);
  }
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

function conditions(filters: AuditFilters, before: number | undefined) {
  const where: string[] = [];
  const parameters: Array<{ name: string; value: string | number }> = [];
  const add = (condition: string, name: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(condition);
    parameters.push({ name, value });
  };
  add('c.action = @action', '@action', filters.action);
  add('c.actor.id = @actor', '@actor', filters.actor);
  add('c.timestamp >= @from', '@from', filters.from ? `${filters.from}T00:00:00.000Z` : undefined);
  add('c.timestamp < @to', '@to', filters.to ? nextDay(filters.to) : undefined);
  add('c.target.type = @targetType', '@targetType', filters.targetType);
  add('c.target.id = @targetId', '@targetId', filters.targetId);
  add('c.sequence < @before', '@before', before);
  return { where: where.join(' AND ') || undefined, parameters };
}

/**
 * One page of the organisation's audit log, newest first, filtered by action, actor, day range
 * and target. Pages are keyed on the gap-free sequence number, so a page boundary never skips
 * or repeats a record even while new records are appended.
 */
export async function reviewAuditLog(
  repository: TenantRepository,
  filters: AuditFilters,
  page: { readonly pageSize: number; readonly continuationToken?: string },
): Promise<AuditPage> {
  const before = page.continuationToken ? decodeToken(page.continuationToken) : undefined;
  const { where, parameters } = conditions(filters, before);
  const found: AuditRecord[] = [];
  let cosmosToken: string | undefined;
  // Cosmos may return short pages under a filter: read on until one more than a page is known.
  do {
    const result = await repository.query<AuditRecord>(auditRecordType, {
      ...(where ? { where } : {}),
      parameters,
      orderBy: 'c.sequence DESC',
      maxItemCount: page.pageSize + 1 - found.length,
      continuationToken: cosmosToken,
    });
    found.push(...result.items);
    cosmosToken = result.continuationToken;
  } while (cosmosToken && found.length <= page.pageSize);
  const items = found.slice(0, page.pageSize).map(toView);
  const more = found.length > page.pageSize;
  return { items, continuationToken: more ? encodeToken(items.at(-1)!.sequence) : null };
}

function toView(record: AuditRecord): AuditRecordView {
  const { sequence, timestamp, actor, ip, userAgent, action, target, details, previousHash, hash } = record;
  return { sequence, timestamp, actor, ip, userAgent, action, target, details: details ?? null, previousHash, hash };
}

/** A page for a spreadsheet; taking the log out of the product is itself recorded. */
export async function exportAuditLog(
  repository: TenantRepository,
  context: TenantContext,
  filters: AuditFilters,
  page: { readonly pageSize: number; readonly continuationToken?: string },
  now: () => Date,
): Promise<AuditPage> {
  const result = await reviewAuditLog(repository, filters, page);
  const described = Object.entries(filters).filter(([, value]) => value !== undefined);
  await appendAuditRecord(
    repository,
    context,
    {
      action: 'audit.exported',
      target: { type: 'audit-log', id: repository.tenantId },
      details: { rows: result.items.length, filters: JSON.stringify(Object.fromEntries(described)) },
    },
    now,
  );
  return result;
}

/**
 * CSV of a page. User agents and reasons come from outside: cells that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`...) are escaped.
 */
export function auditCsv(items: readonly AuditRecordView[]): string {
  const rows = items.map((r) => ({
    sequence: r.sequence,
    timestamp: r.timestamp,
    actorId: r.actor.id,
    actorKind: r.actor.kind,
    ip: r.ip ?? '',
    userAgent: r.userAgent ?? '',
    action: r.action,
    targetType: r.target.type,
    targetId: r.target.id,
    details: r.details ? JSON.stringify(r.details) : '',
    previousHash: r.previousHash,
    hash: r.hash,
  }));
  const columns = [
    'sequence',
    'timestamp',
    'actorId',
    'actorKind',
    'ip',
    'userAgent',
    'action',
    'targetType',
    'targetId',
    'details',
    'previousHash',
    'hash',
  ];
  return stringify(rows, { header: true, columns, escape_formulas: true });
}

export interface ChainReport {
  readonly intact: boolean;
  /** Records verified from the first; on a break, the ones before it. */
  readonly verifiedThrough: number;
  readonly brokenAt: number | null;
  readonly problem: Exclude<ChainVerdict, { ok: true }>['problem'] | null;
  readonly summary: string;
}

/**
 * Runs the chain verifier over the whole log and says what it found; who asked and the verdict
 * go into the log too (after the walk, so the answer covers the log as it was).
 */
export async function verifyAuditLog(
  repository: TenantRepository,
  context: TenantContext,
  now: () => Date,
): Promise<ChainReport> {
  const verdict = await verifyAuditChain(repository);
  const report: ChainReport = verdict.ok
    ? {
        intact: true,
        verifiedThrough: verdict.count,
        brokenAt: null,
        problem: null,
        summary: `intact through ${verdict.count}`,
      }
    : {
        intact: false,
        verifiedThrough: verdict.sequence - 1,
        brokenAt: verdict.sequence,
        problem: verdict.problem,
        summary: `broken at ${verdict.sequence}: ${verdict.problem}`,
      };
  await appendAuditRecord(
    repository,
    context,
    {
      action: 'audit.verified',
      target: { type: 'audit-log', id: repository.tenantId },
      details: { intact: report.intact, verifiedThrough: report.verifiedThrough, brokenAt: report.brokenAt },
    },
    now,
  );
  return report;
}
