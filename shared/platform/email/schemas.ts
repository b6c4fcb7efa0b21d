import { z } from 'zod';

/**
 * Postmark's bounce webhook (https://postmarkapp.com/developer/webhooks/bounce-webhook): the
 * fields the app uses; the rest (Content, Details, Description...) are dropped unread.
 */
export const postmarkBounce = z.object({
  RecordType: z.literal('Bounce'),
  ID: z.number().int().positive(),
  Type: z.string().regex(/^[A-Za-z]{1,40}$/),
  MessageID: z.uuid(),
  Email: z.email().max(320),
  BouncedAt: z.iso.datetime({ offset: true }),
  Inactive: z.boolean(),
  Metadata: z.record(z.string().max(20), z.string().max(80)).default({}),
});
export type PostmarkBounce = z.output<typeof postmarkBounce>;

export const bounceRecorded = z.object({ bounceId: z.number().int(), suppressed: z.boolean() });
