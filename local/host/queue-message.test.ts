import { describe, expect, it } from 'vitest';
import { decodeMessage, queueTriggerMetadata } from './queue-message';

describe('queue message decoding', () => {
  it('decodes base64 text, tolerating line breaks', () => {
    const encoded = Buffer.from('{"a":"é"}').toString('base64');
    expect(decodeMessage(encoded, 'base64')).toBe('{"a":"é"}');
    expect(decodeMessage(`${encoded.slice(0, 4)}\n${encoded.slice(4)}`, 'base64')).toBe('{"a":"é"}');
  });

  it('refuses text that is not base64 when the host expects it', () => {
    expect(decodeMessage('{"plain":"json"}', 'base64')).toBeUndefined();
    expect(decodeMessage('abc', 'base64')).toBeUndefined();
  });

  it('passes text through with messageEncoding none', () => {
    expect(decodeMessage('{"plain":"json"}', 'none')).toBe('{"plain":"json"}');
  });
});

describe('queue trigger metadata', () => {
  it('carries the fields the host sends, in its casing', () => {
    const at = new Date('2030-01-02T03:04:05.000Z');
    const metadata = queueTriggerMetadata(
      {
        messageId: 'm-1',
        popReceipt: 'p-1',
        dequeueCount: 2,
        insertedOn: at,
        expiresOn: at,
        nextVisibleOn: at,
        messageText: 'x',
      },
      'text',
      'record',
    );
    expect(Object.keys(metadata).sort()).toEqual([
      'DequeueCount',
      'ExpirationTime',
      'Id',
      'InsertionTime',
      'NextVisibleTime',
      'PopReceipt',
      'QueueTrigger',
      'sys',
    ]);
    expect(metadata.DequeueCount).toEqual({ json: '2' });
    expect(metadata.InsertionTime).toEqual({ json: '"2030-01-02T03:04:05.000Z"' });
    expect(JSON.parse(metadata.sys!.json!)).toMatchObject({ MethodName: 'record' });
  });
});
