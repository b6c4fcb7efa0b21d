import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { benchRoot } from './bench-environment';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The compiled function app's module-load time in fresh processes (what a cold start pays before the first request). */
export function printColdLoad(runs = 5): void {
  execFileSync(
    process.execPath,
    [join(benchRoot, 'node_modules/typescript/bin/tsc'), '-p', join(benchRoot, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  const samples: number[] = [];
  let functions = 0;
  for (let i = 0; i < runs; i += 1) {
    const output = execFileSync(process.execPath, [join(benchRoot, 'bench/cold-load.cjs')], {
      env: {
        ...process.env,
        LEDGERLINE_ENV: 'test',
        COSMOS_ENDPOINT: 'http://127.0.0.1:1',
        AzureWebJobsStorage: 'UseDevelopmentStorage=true',
      },
      encoding: 'utf8',
    });
    const result = JSON.parse(output) as { ms: number; functions: number };
    samples.push(result.ms);
    functions = result.functions;
  }
  console.log(
    `\nCold module load of the compiled function app (${functions} function(s) registered), ${runs} fresh processes: median ${median(samples).toFixed(1)} ms, min ${Math.min(...samples).toFixed(1)} ms`,
  );
}
