import Anthropic, { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { classificationRequest, readSuggestion } from './classification-request';
import type { ClassifierOutcome, TaxClassifier } from '../platform/ai/tax-classifier';

export interface AnthropicSettings {
  /** `https://api.anthropic.com`, or the local stand-in. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly timeoutSeconds?: number;
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const header = headers?.get('retry-after');
  const seconds = header === null || header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * Anthropic's errors as https://docs.claude.com/en/api/errors defines them: 429 rate_limit_error
 * and 529 overloaded_error (and other 5xx, timeouts, lost connections) pass with time, so are
 * retried after `retry-after`; a 429 whose `error.details.error_code` is
 * `enforced_spend_limit_reached` lasts until the month ends, and every other 4xx (a refused key,
 * a billing error, a workspace spend limit as 400) will not pass by retrying.
 */
export function classifyAnthropicError(error: unknown): ClassifierOutcome {
  if (error instanceof APIConnectionError) return { kind: 'retry', reason: `no answer: ${error.message}` };
  if (!(error instanceof APIError)) throw error;
  const reason = `Anthropic ${error.status} ${error.type ?? ''}: ${error.apiMessage ?? error.message}`.trim();
  if (error.status === 429 && error.errorCode === 'enforced_spend_limit_reached')
    return { kind: 'refused', reason: `spend limit reached: ${reason}` };
  const after = retryAfter(error.headers as Headers | undefined);
  if (error.status === 429 || error.status === 408 || (error.status !== undefined && error.status >= 500))
    return { kind: 'retry', reason, ...(after !== undefined ? { retryAfterSeconds: after } : {}) };
  return { kind: 'refused', reason };
}

/**
 * Tax classification through Anthropic's official client, pointed at `baseUrl`. The client's own
 * retries are off: it would retry a spend-limit 429 like any other; the caller retries what may pass.
 */
export function createAnthropicTaxClassifier(settings: AnthropicSettings): TaxClassifier {
  const client = new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    maxRetries: 0,
    timeout: (settings.timeoutSeconds ?? 30) * 1000,
  });
  return {
    model: settings.model,
    async classify(item) {
      try {
        const message = await client.messages.create(classificationRequest(settings.model, item));
        return readSuggestion(message.content);
      } catch (error) {
        return classifyAnthropicError(error);
      }
    },
  };
}
