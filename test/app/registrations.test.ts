import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { permissionLevels, resources } from '../../shared/platform/auth/principal';
import { listRegistrations, type Registration } from '../harness/registrations';

const root = resolve(__dirname, '../..');
const functionsDir = join(root, 'functions');

function registrationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return registrationFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the app entry file', () => {
  let app: { functions: Registration[]; hooks: string[] };
  beforeAll(() => {
    app = listRegistrations(join(functionsDir, 'index.ts'));
  });

  it('declares every HTTP function through the one pipeline', () => {
    const http = app.functions.filter((fn) => fn.trigger === 'httpTrigger');
    expect(http.length).toBeGreaterThan(0);
    expect(http.filter((fn) => !fn.throughPipeline).map((fn) => fn.name)).toEqual([]);
  });

  it('gives every HTTP route exactly one method, anonymous host auth and a declared permission', () => {
    for (const fn of app.functions.filter((f) => f.trigger === 'httpTrigger')) {
      expect(fn.methods, fn.name).toHaveLength(1);
      expect(fn.authLevel, fn.name).toBe('anonymous');
      const access = fn.access!;
      if (access.public || access.self || access.operator || access.platform) {
        expect(access.reason?.trim().length, fn.name).toBeGreaterThanOrEqual(20);
      } else {
        expect(resources, fn.name).toContain(access.resource);
        expect(
          permissionLevels.filter((l) => l !== 'none'),
          fn.name,
        ).toContain(access.level);
      }
    }
  });

  it('checks settings and secrets when the app starts', () => {
    expect(app.hooks).toContain('appStart');
  });

  it('imports every registration file under functions/', () => {
    const index = readFileSync(join(functionsDir, 'index.ts'), 'utf8');
    const imported = new Set([...index.matchAll(/^import '\.\/(.+?)';$/gm)].map((m) => `${m[1]}.ts`));
    // app-services.ts is the composition root app-setup.ts imports; it registers nothing.
    const files = registrationFiles(functionsDir)
      .map((file) => relative(functionsDir, file))
      .filter((file) => file !== 'index.ts' && file !== 'app-services.ts');
    expect(files.filter((file) => !imported.has(file))).toEqual([]);
  });

  it('detects an HTTP registration that bypasses the pipeline', () => {
    const bypass = listRegistrations(join(root, 'test/fixtures/bypass-app/index.ts'));
    expect(bypass.functions.find((fn) => fn.name === 'sneaky')?.throughPipeline).toBe(false);
    expect(bypass.functions.find((fn) => fn.name === 'proper')?.throughPipeline).toBe(true);
  });
});
