// The layout is enforced by the compiler: the core (tsconfig.core.json) and the experiment
// application (tsconfig.app.json) are compiled without Node's types, and each may import
// only the files its tsconfig lists. These tests compile both as they are, then with one
// probe file added that breaks a rule, and check that the compiler refuses exactly that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Bare imports the core may make (its design: see the README); anything else is a dependency a library user would carry. */
const CORE_PACKAGES = ['seedrandom', '@types/seedrandom'];

interface Compiled { errors: string[]; files: readonly ts.SourceFile[]; options: ts.CompilerOptions }

const programs = new Map<string, ts.Program>();

/** Compiles a tsconfig, optionally with one more file `src/<name>` holding `text`; returns its errors. */
function compile(config: string, probe?: { name: string; text: string }): Compiled {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  assert.ok(parsed, config);
  const probePath = probe ? join(ROOT, 'src', probe.name) : undefined;
  const host = ts.createCompilerHost(parsed.options);
  if (probe && probePath) {
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (file) => file === probePath || fileExists.call(host, file);
    host.readFile = (file) => (file === probePath ? probe.text : readFile.call(host, file));
    host.getSourceFile = (file, language, ...rest) => (file === probePath ? ts.createSourceFile(file, probe.text, language) : getSourceFile.call(host, file, language, ...rest));
  }
  // A probe is a listed file of the project, as a file matched by `include` would be.
  const roots = probePath ? [...parsed.fileNames, probePath] : parsed.fileNames;
  const program = ts.createProgram({ rootNames: roots, options: parsed.options, host, oldProgram: programs.get(config) });
  if (!probe) programs.set(config, program);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(ROOT, '')}: ` : '';
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
  return { errors, files: program.getSourceFiles(), options: parsed.options };
}

/** The npm packages a program's files come from, TypeScript's own lib files aside. */
function packagesOf(files: readonly ts.SourceFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.fileName);
    if (match && match[1] !== 'typescript') names.add(match[1]);
  }
  return [...names].sort();
}

for (const config of ['tsconfig.core.json', 'tsconfig.app.json']) {
  test(`${config} compiles without Node's types and without errors`, () => {
    const { errors, files, options } = compile(config);
    assert.deepEqual(errors, []);
    assert.deepEqual(options.types, []);
    assert.ok(options.composite, 'without composite, imports of unlisted files would compile');
    const packages = packagesOf(files);
    assert.ok(!packages.includes('@types/node'), `Node's types came in through ${packages.join(', ')}`);
    assert.ok(files.some((f) => f.fileName.endsWith('/src/model.ts')));
  });
}

test('the core imports no package but seedrandom', () => {
  const { files } = compile('tsconfig.core.json');
  assert.deepEqual(packagesOf(files).filter((p) => !CORE_PACKAGES.includes(p)), []);
  assert.ok(!files.some((f) => /\/src\/(cli|node|experiments|plot)\//.test(f.fileName)));
});

// Each probe breaks one rule; the compiler must name it. The first must compile, so that a
// refusal below is the rule's and not the probe harness's.
const CORE_PROBES: [string, string, RegExp | null][] = [
  ['a core module using the core', "import { Sequential } from './model.js';\nexport const made = Sequential;\n", null],
  ['a Node built-in', "import { readFile } from 'node:fs/promises';\nexport const read = readFile;\n", /TS2307 Cannot find module 'node:fs\/promises'/],
  ["Node's process global", 'export const home = process.env.HOME;\n', /TS2\d+ Cannot find name 'process'/],
  ["Node's Buffer global", "export const bytes = Buffer.from('x');\n", /TS2\d+ Cannot find name 'Buffer'/],
  ['require', "export const seed = require('seedrandom');\n", /TS2\d+ Cannot find name 'require'/],
  ['the experiment application', "import { describeSet } from './experiments/train-sets.js';\nexport const words = describeSet;\n", /TS6307 File '.*src\/experiments\/train-sets\.ts' is not listed/],
  ['the plots', "import { setColor } from './plot/palette.js';\nexport const color = setColor;\n", /TS6307 File '.*src\/plot\/palette\.ts' is not listed/],
  ['the Node layer', "import { loadBackend } from './node/backends.js';\nexport const load = loadBackend;\n", /TS6307 File '.*src\/node\/backends\.ts' is not listed/],
  ['the CLI', "import { main } from './cli/cli.js';\nexport const run = main;\n", /TS6307 File '.*src\/cli\/cli\.ts' is not listed/],
];

for (const [what, text, refusal] of CORE_PROBES) {
  test(`the core ${refusal ? 'refuses' : 'accepts'} ${what}`, () => {
    const { errors } = compile('tsconfig.core.json', { name: 'layout-probe.ts', text });
    if (refusal === null) assert.deepEqual(errors, []);
    else assert.ok(errors.some((e) => refusal.test(e)), `expected ${refusal}, got:\n${errors.join('\n')}`);
  });
}

test('the experiment application may import the core, but not the CLI or the Node layer', () => {
  const probe = (text: string): string[] => compile('tsconfig.app.json', { name: 'experiments/layout-probe.ts', text }).errors;
  assert.deepEqual(probe("import { Sequential } from '../model.js';\nimport { describeSet } from './train-sets.js';\nexport const used = [Sequential, describeSet];\n"), []);
  assert.ok(probe("import { main } from '../cli/cli.js';\nexport const run = main;\n").some((e) => /TS6307 File '.*src\/cli\/cli\.ts' is not listed/.test(e)));
  assert.ok(probe("import { loadBackend } from '../node/backends.js';\nexport const load = loadBackend;\n").some((e) => /TS6307 File '.*src\/node\/backends\.ts' is not listed/.test(e)));
  assert.ok(probe("import { readFile } from 'node:fs';\nexport const read = readFile;\n").some((e) => /TS2307 Cannot find module 'node:fs'/.test(e)));
});
