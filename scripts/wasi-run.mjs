// Runs a WASI (preview1) program under Node's node:wasi, as scripts/wasm-session.sh uses it:
//
//   node scripts/wasi-run.mjs PROGRAM.wasm DIR STDIN_FILE STDOUT_FILE -- ARGS...
//
// DIR is preopened as /data (the only files the program can see); STDIN_FILE is its
// standard input and STDOUT_FILE receives its standard output. Exits with the program's
// exit code.
import { readFile } from 'node:fs/promises';
import { openSync, closeSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [wasmPath, dir, stdinPath, stdoutPath, sep, ...args] = process.argv.slice(2);
if (!wasmPath || !dir || !stdinPath || !stdoutPath || sep !== '--') {
  console.error('usage: node scripts/wasi-run.mjs PROGRAM.wasm DIR STDIN STDOUT -- ARGS...');
  process.exit(2);
}
const stdin = openSync(stdinPath, 'r');
const stdout = openSync(stdoutPath, 'w');
const wasi = new WASI({
  version: 'preview1',
  args: ['djsign', ...args],
  env: {},
  preopens: { '/data': dir },
  stdin,
  stdout,
  stderr: 2,
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
closeSync(stdin);
closeSync(stdout);
process.exit(code ?? 0);
