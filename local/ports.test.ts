import { describe, expect, it } from 'vitest';
import { defaultPorts, portsFrom } from './ports';

describe('npm start ports', () => {
  it('listens where the README says when nothing is set', () => {
    expect(portsFrom({})).toEqual({
      api: 7071,
      spa: 5173,
      cosmos: 8081,
      oidc: 8400,
      blob: 10000,
      queue: 10001,
      table: 10002,
      postmark: 8025,
      anthropic: 8026,
    });
  });

  it('moves each part with its own variable', () => {
    expect(
      portsFrom({ LEDGERLINE_API_PORT: '7171', LEDGERLINE_SPA_PORT: ' 3000 ', LEDGERLINE_TABLE_PORT: '' }),
    ).toEqual({ ...defaultPorts, api: 7171, spa: 3000 });
  });

  it('refuses what is not a port, naming the variable', () => {
    for (const bad of ['0', '65536', 'http', '80.5', '-1', '123456'])
      expect(() => portsFrom({ LEDGERLINE_OIDC_PORT: bad })).toThrow(
        `LEDGERLINE_OIDC_PORT must be a port number from 1 to 65535, not "${bad}"`,
      );
  });

  it('refuses two parts on one port', () => {
    expect(() => portsFrom({ LEDGERLINE_SPA_PORT: '7071' })).toThrow(
      'LEDGERLINE_API_PORT and LEDGERLINE_SPA_PORT both name port 7071; pick two ports',
    );
  });
});
