// Measures, in a fresh process, how long the compiled function app takes to load (every
// module it imports, settings validated, registrations captured): the cold-start share that is ours.
'use strict';
const { join } = require('node:path');
const root = join(__dirname, '..');
const { loadApp } = require(join(root, 'dist/local/host/app-loader.js'));
const started = performance.now();
const registry = loadApp(join(root, 'dist/functions/index.js'));
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, functions: registry.functions.size }));
