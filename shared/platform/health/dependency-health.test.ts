import { describe, expect, it } from 'vitest';
import { checkHealth } from './dependency-health';

describe('checkHealth', () => {
  it('reports ok when every dependency answers', async () => {
    const report = await checkHealth({ cosmos: async () => {}, queues: async () => {} });
    expect(report.status).toBe('ok');
    expect(report.dependencies.cosmos?.status).toBe('up');
    expect(report.dependencies.queues?.status).toBe('up');
  });

  it('reports degraded and names the failing dependency without echoing its error message', async () => {
    const leaky = Object.assign(new Error('AccountKey=c2VjcmV0 refused'), { code: 'ECONNREFUSED' });
    const report = await checkHealth({
      cosmos: async () => {},
      blobs: async () => {
        throw leaky;
      },
    });
    expect(report.status).toBe('degraded');
    expect(report.dependencies.blobs).toMatchObject({ status: 'down', reason: 'ECONNREFUSED' });
    expect(JSON.stringify(report)).not.toContain('AccountKey');
  });
});
