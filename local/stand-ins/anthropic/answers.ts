/**
 * The stand-in's "model": a deterministic choice from the item's words, so the demo and the tests
 * get the same suggestion for the same item. It picks only among the codes the request's tool
 * offers, as a real model constrained by the tool would.
 */
const rules: ReadonlyArray<{ readonly code: string; readonly words: RegExp; readonly why: string }> = [
  {
    code: 'txcd_10103001',
    words: /\b(saas|software|subscription|cloud|hosted|platform)\b/i,
    why: 'hosted software used by a business',
  },
  { code: 'txcd_30011000', words: /\b(shirt|t-shirt|shoes?|jacket|clothing|apparel|socks|boots)\b/i, why: 'clothing' },
  {
    code: 'txcd_40060003',
    words: /\b(meal|food|sandwich|coffee|catering|lunch|pizza|snack)\b/i,
    why: 'food prepared for immediate consumption',
  },
  {
    code: 'txcd_10000000',
    words: /\b(ebook|e-book|download|digital|streaming|online course)\b/i,
    why: 'content supplied electronically',
  },
  { code: 'txcd_92010001', words: /\b(shipping|freight|postage)\b/i, why: 'a charge for delivering goods' },
  {
    code: 'txcd_20030000',
    words: /\b(consulting|repair|installation|service|labou?r|hours?|maintenance)\b/i,
    why: 'a service performed by people',
  },
  { code: 'txcd_00000000', words: /\b(exempt|nontaxable|non-taxable)\b/i, why: 'described as exempt' },
];

export interface StandInAnswer {
  readonly code: string;
  readonly confidence: number;
  readonly reason: string;
}

export function answerFor(text: string, offered: readonly string[]): StandInAnswer {
  const rule = rules.find((r) => offered.includes(r.code) && r.words.test(text));
  if (rule) return { code: rule.code, confidence: 0.9, reason: `The description reads as ${rule.why}.` };
  const general = offered.includes('txcd_99999999') ? 'txcd_99999999' : (offered[0] ?? 'txcd_99999999');
  return { code: general, confidence: 0.4, reason: 'Nothing more specific fits, so general tangible goods.' };
}
