import { describe, expect, it } from 'vitest';
import { answerCors, corsPolicy } from './cors';

const spa = 'http://localhost:5173';
const policy = corsPolicy({ allowedOrigins: [spa], supportCredentials: true });
const preflight = (origin: string, requestHeaders?: string) => ({
  origin,
  'access-control-request-method': 'GET',
  ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}),
});

describe('the local host CORS, as the Functions host applies the site settings', () => {
  it('answers an allowed origin preflight itself, echoing the origin, the method and the requested headers', () => {
    expect(answerCors(policy, 'OPTIONS', preflight(spa, 'authorization, if-match,content-type'))).toEqual({
      preflight: true,
      headers: {
        'access-control-allow-origin': spa,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': 'authorization,if-match,content-type',
      },
    });
  });

  it('answers a disallowed origin preflight too, but without a single CORS header', () => {
    for (const origin of ['http://localhost:5174', 'https://localhost:5173', 'http://127.0.0.1:5173', 'null']) {
      expect(answerCors(policy, 'OPTIONS', preflight(origin, 'authorization'))).toEqual({
        preflight: true,
        headers: {},
      });
    }
  });

  it('adds Allow-Origin and Allow-Credentials to an allowed origin actual request, and nothing else', () => {
    expect(answerCors(policy, 'POST', { origin: spa })).toEqual({
      preflight: false,
      headers: { 'access-control-allow-origin': spa, 'access-control-allow-credentials': 'true' },
    });
    expect(answerCors(policy, 'POST', { origin: 'http://localhost:8080' })).toEqual({ preflight: false, headers: {} });
  });

  it('leaves requests without an Origin header, and every request when no CORS is configured, alone', () => {
    expect(answerCors(policy, 'OPTIONS', { 'access-control-request-method': 'GET' })).toBeUndefined();
    expect(answerCors(undefined, 'OPTIONS', preflight(spa))).toBeUndefined();
  });

  it('treats OPTIONS without Access-Control-Request-Method as an ordinary request for the app', () => {
    expect(answerCors(policy, 'OPTIONS', { origin: spa })?.preflight).toBe(false);
  });

  it('sends credentials only when enabled, and Vary: Origin only for more than one origin', () => {
    const anonymous = corsPolicy({ allowedOrigins: [spa], supportCredentials: false });
    expect(answerCors(anonymous, 'GET', { origin: spa })?.headers).toEqual({ 'access-control-allow-origin': spa });
    const two = corsPolicy({ allowedOrigins: [spa, 'https://app.example'], supportCredentials: true });
    expect(answerCors(two, 'GET', { origin: 'https://app.example' })?.headers).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
  });

  it('compares origins exactly, after lower-casing the configured ones', () => {
    const mixed = corsPolicy({ allowedOrigins: ['HTTPS://App.Example'], supportCredentials: true });
    expect(answerCors(mixed, 'GET', { origin: 'https://app.example' })?.headers).toHaveProperty(
      'access-control-allow-origin',
      'https://app.example',
    );
    expect(answerCors(mixed, 'GET', { origin: 'https://app.example.evil.example' })?.headers).toEqual({});
  });

  it('refuses settings that would silently match nobody or everybody', () => {
    for (const bad of [
      'http://localhost:5173/',
      'https://app.example/path',
      '*',
      'app.example',
      'https://app.example:443',
    ]) {
      expect(() => corsPolicy({ allowedOrigins: [bad], supportCredentials: true })).toThrow(
        `CORS: "${bad}" is not an origin`,
      );
    }
  });
});
