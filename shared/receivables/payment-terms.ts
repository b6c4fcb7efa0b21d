import type { PaymentTerms } from './schemas';

const days: Record<PaymentTerms, number> = {
  'due-on-receipt': 0,
  'net-15': 15,
  'net-30': 30,
  'net-45': 45,
  'net-60': 60,
  'net-90': 90,
};

const dayMs = 86_400_000;

export const addDays = (date: string, count: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + count * dayMs).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** The due date the customer's terms give an invoice issued on `issueDate`. */
export const dueDateFor = (issueDate: string, terms: PaymentTerms) => addDays(issueDate, days[terms]);
