import type { PostmarkRefusal } from './messages';

/** How the next send requests fail, the ways Postmark fails. */
export type FailureMode =
  /** HTTP 422, ErrorCode 406: a recipient is inactive (bounced, complained, suppressed). */
  | 'inactive-recipient'
  /** HTTP 422, ErrorCode 300: Postmark refuses the request as invalid. */
  | 'invalid-request'
  /** HTTP 429: too many requests. */
  | 'rate-limited'
  /** HTTP 500: Postmark's own failure. */
  | 'server-error'
  /** The message is accepted and sent, then the connection drops before any answer (a crash after sending). */
  | 'drop-response'
  /** The message is accepted and sent, and the answer never comes: the sender waits (and may die waiting). */
  | 'hold-response';

/** The modes that send the message and then leave the sender without an answer. */
export const unanswered: ReadonlySet<FailureMode> = new Set(['drop-response', 'hold-response']);

type RefusalMode = Exclude<FailureMode, 'drop-response' | 'hold-response'>;

export const failures: Record<RefusalMode, PostmarkRefusal> = {
  'inactive-recipient': {
    status: 422,
    ErrorCode: 406,
    Message:
      'You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: (stand-in failure). Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.',
  },
  'invalid-request': { status: 422, ErrorCode: 300, Message: 'Invalid email request' },
  'rate-limited': { status: 429, ErrorCode: 429, Message: 'Rate limit exceeded. Please slow down your requests.' },
  'server-error': { status: 500, ErrorCode: 500, Message: 'Internal server error' },
};

/** A mode that refuses the send (nothing is sent), rather than sending and not answering. */
export const isRefusal = (mode: FailureMode): mode is RefusalMode => mode in failures;
