/**
 * The port the platform's services declare for the AI classification step; the items domain
 * implements it (anthropic-tax-classifier.ts) and the composition root plugs it in.
 */
/** The only item fields that cross the boundary to the AI service. */
export interface ItemText {
  readonly name: string;
  readonly description: string;
}

/**
 * How one classification call ended: a suggestion; an answer holding no valid one (discarded);
 * a refusal no retry can fix (a 4xx, a spend limit); or one to retry, after `retryAfterSeconds`
 * when the service said how long.
 */
export type ClassifierOutcome =
  | { readonly kind: 'suggested'; readonly code: string; readonly confidence: number; readonly reason: string }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterSeconds?: number };

export interface TaxClassifier {
  /** The dated model snapshot that answers, recorded with every suggestion. */
  readonly model: string;
  classify(item: ItemText): Promise<ClassifierOutcome>;
}
