import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IdGenerator } from '../clock';
import type { TenantTransaction } from '../data/tenant-repository';
import { allDocumentKinds } from '../documents/document-kinds';
import { ValidationError } from '../errors';
import { stageOutboxWork, type OutboxTicket } from '../outbox/outbox-record';

/** Postmark takes at most 10 MB per message, attachments included, and attachments travel as base64. */
export const maxMessageBytes = 10 * 1024 * 1024;
const base64Bytes = (bytes: number) => Math.ceil(bytes / 3) * 4;

/**
 * Whether Postmark would refuse the message as too large: its bodies and its attachments as
 * base64, with 64 KiB left for the JSON around them. Checked when the email is staged (sizes from
 * the documents' records) and again before sending (the bytes actually read).
 */
export function overMessageLimit(
  email: { readonly subject: string; readonly textBody: string; readonly htmlBody?: string | undefined },
  attachmentSizes: readonly number[],
): boolean {
  const bodies = email.subject.length + email.textBody.length + (email.htmlBody?.length ?? 0);
  return bodies + attachmentSizes.reduce((sum, size) => sum + base64Bytes(size), 0) >= maxMessageBytes - 64 * 1024;
}

const emailAttachment = z.object({
  documentId: z.string().regex(/^document-[A-Za-z0-9-]{1,100}$/),
  kind: z.enum(allDocumentKinds),
  filename: z.string().min(1).max(200),
  /** From the document's record, to check the size limit when the email is staged. */
  size: z.number().int().nonnegative(),
});

/** An email a business operation causes: recipients, content, and documents to attach. */
export const emailToSend = z
  .object({
    to: z.array(z.email()).min(1).max(50),
    subject: z.string().trim().min(1).max(500),
    textBody: z.string().min(1).max(200_000),
    htmlBody: z.string().max(200_000).optional(),
    attachments: z.array(emailAttachment).max(20).default([]),
    /** What caused it (`invoice-issued`, `data-export-ready`): Postmark's Tag, and shown to admins. */
    purpose: z.string().regex(/^[a-z0-9-]{1,60}$/),
  })
  .refine(
    (email) =>
      !overMessageLimit(
        email,
        email.attachments.map((a) => a.size),
      ),
    { path: ['attachments'], message: 'the email with its attachments is over 10 MB' },
  );
export type EmailToSend = z.input<typeof emailToSend>;

/** What the outbox keeps: the email, and the key Postmark's Metadata carries to find it again. */
export interface EmailPayload extends z.output<typeof emailToSend> {
  readonly messageKey: string;
}

/**
 * Adds an email to a business operation's transaction (invoice issued, statement run,
 * bank-detail change, payment advice): it is sent if and only if the operation commits, once.
 * After the commit, `dispatchOutbox` hands it to the queue.
 */
export function stageEmail(
  transaction: TenantTransaction,
  ids: IdGenerator,
  email: EmailToSend,
  options: { readonly id?: string } = {},
): OutboxTicket {
  const parsed = emailToSend.safeParse(email);
  if (!parsed.success) {
    throw new ValidationError(
      'The email cannot be sent',
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), reason: issue.message })),
    );
  }
  const payload: EmailPayload = { ...parsed.data, messageKey: randomUUID() };
  return stageOutboxWork(transaction, 'email', payload, options.id ?? `outbox-${ids.newId()}`);
}
