import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** One function an app registered, as `list-registrations.ts` reports it. */
export interface Registration {
  readonly name: string;
  readonly trigger: string;
  readonly methods: string[] | null;
  /** The route template under /api, e.g. `ledger/accounts/{id}`. */
  readonly route: string | null;
  readonly authLevel: string | null;
  readonly throughPipeline: boolean;
  /** Pipeline routes only (null otherwise), as declared: loose, so a test can check its shape. */
  readonly access: {
    readonly public?: true;
    readonly self?: true;
    readonly operator?: true;
    readonly platform?: true;
    readonly reason?: string;
    readonly resource?: string;
    readonly level?: string;
  } | null;
  readonly sensitive: boolean | null;
  /** `json` for a zod body, `raw` for an upload's bytes, null for no body. */
  readonly body: 'json' | 'raw' | null;
  /** Why the route still runs in an organisation lockdown; null when it is refused then. */
  readonly lockdownExempt: string | null;
}

/**
 * What an app entry file registers, read in a child process (one app per process, under the
 * local host's functions-core), so tests can walk the real route table.
 */
export function listRegistrations(entry: string): { functions: Registration[]; hooks: string[] } {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/harness/list-registrations.ts'), entry],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        LEDGERLINE_ENV: 'test',
        COSMOS_ENDPOINT: 'http://127.0.0.1:1',
        AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      },
    },
  );
  return JSON.parse(output) as { functions: Registration[]; hooks: string[] };
}
