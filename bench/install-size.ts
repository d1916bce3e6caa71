// `npm run bench:install-size`: what `npm install wasmlp` puts in a user's project. For each
// git ref (default: a1d0cc9, the package before it was slimmed, and HEAD) it exports a clean
// copy of the repository, installs its dev dependencies and builds it (`npm ci`), packs it
// (`npm pack`, as `npm publish` would), installs the tarball into an empty project with the
// registry's dependencies, and measures that project's node_modules: bytes, packages, native
// files (.node addons and ELF, Mach-O or PE executables) and compiler packages. It then runs
// the installed command once, as a user would, to check that it works without the dev
// dependencies. Writes bench/results/install-size.json and .md.
//   node dist/bench/install-size.js [REF ...]
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));
/** The last commit before the package was slimmed: assemblyscript, @napi-rs/canvas and linkedom were dependencies. */
const BEFORE = 'a1d0cc9';
/** Packages a library user should never receive. */
const COMPILERS = ['assemblyscript', 'binaryen', 'typescript'];
const log = (line: string): void => { process.stderr.write(`${line}\n`); };

interface InstallSize {
  ref: string;
  commit: string;
  tarballBytes: number;
  nodeModulesBytes: number;
  files: number;
  packages: string[];
  /** .node addons and native executables, relative to node_modules. */
  nativeFiles: string[];
  /** Packages that declare `os` or `cpu`: prebuilt platform binaries. */
  platformPackages: string[];
  compilerPackages: string[];
  /** The installed `wasmlp experiment --out`: its exit status, the files it wrote and what it said on stderr. */
  command: CommandRun;
  /** When it wrote no loss.png: the same command after the `npm install ...` its message gives. */
  afterHint?: CommandRun & { install: string };
}

interface CommandRun { status: number | null; wrote: string[]; stderr: string }

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with status ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** Whether a file starts with the magic number of an ELF, Mach-O or PE executable. */
function isNativeExecutable(path: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, head, 0, 4, 0) < 4) return false;
  } finally {
    closeSync(fd);
  }
  const word = head.readUInt32BE(0);
  return word === 0x7f454c46 /* ELF */ || [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word) || head.subarray(0, 2).toString('latin1') === 'MZ';
}

function measure(nodeModules: string): Pick<InstallSize, 'nodeModulesBytes' | 'files' | 'packages' | 'nativeFiles' | 'platformPackages' | 'compilerPackages'> {
  let bytes = 0;
  let files = 0;
  const packages = new Set<string>();
  const nativeFiles: string[] = [];
  const platformPackages: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) continue; // .bin links point at files counted where they are
      if (stat.isDirectory()) {
        walk(path);
        continue;
      }
      bytes += stat.size;
      files++;
      const rel = relative(nodeModules, path);
      if (name === 'package.json' && /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/.test(`node_modules/${rel}`)) {
        const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string; os?: unknown; cpu?: unknown };
        if (manifest.name) {
          packages.add(`${manifest.name}@${manifest.version}`);
          if (manifest.os || manifest.cpu) platformPackages.push(manifest.name);
        }
      }
      if (name.endsWith('.node') || isNativeExecutable(path)) nativeFiles.push(rel);
    }
  };
  walk(nodeModules);
  const names = [...packages].map((p) => p.slice(0, p.lastIndexOf('@')));
  return {
    nodeModulesBytes: bytes, files, packages: [...packages].sort(), nativeFiles, platformPackages,
    compilerPackages: COMPILERS.filter((c) => names.includes(c)),
  };
}

function installSize(ref: string): InstallSize {
  const commit = run('git', ['rev-parse', '--short', ref], REPO).trim();
  const work = mkdtempSync(join(tmpdir(), `wasmlp-install-${commit}-`));
  try {
    const source = join(work, 'source');
    mkdirSync(source);
    log(`${ref} (${commit}): exporting, installing dev dependencies and building`);
    run('sh', ['-c', `git -C '${REPO}' archive ${commit} | tar -x -C '${source}'`], work);
    run('npm', ['ci', '--no-audit', '--no-fund'], source);
    log(`${ref} (${commit}): packing and installing the tarball into an empty project`);
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], source)) as { filename: string; size: number }[];
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'install-size-probe', version: '1.0.0', private: true, type: 'module' }, null, 1)}\n`);
    run('npm', ['install', '--no-audit', '--no-fund', join(work, packed[0].filename)], project);
    const sizes = measure(join(project, 'node_modules'));
    log(`${ref} (${commit}): running the installed command`);
    const command = runCommand(project, 'out');
    const result: InstallSize = { ref, commit, tarballBytes: packed[0].size, ...sizes, command };
    const hint = /'(npm install [^']+)'/.exec(command.stderr);
    if (!command.wrote.includes('loss.png') && hint) {
      log(`${ref} (${commit}): following the command's advice: ${hint[1]}`);
      run('npm', [...hint[1].split(' ').slice(1), '--no-audit', '--no-fund'], project);
      result.afterHint = { install: hint[1], ...runCommand(project, 'out-after-hint') };
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `wasmlp experiment --epochs 2 --out <folder>` as the project's user runs it. */
function runCommand(project: string, folder: string): CommandRun {
  const out = join(project, folder);
  const cli = spawnSync(process.execPath, [join(project, 'node_modules/wasmlp/bin/wasmlp.js'), 'experiment', '--epochs', '2', '--out', out], { cwd: project, encoding: 'utf8' });
  return { status: cli.status, wrote: existsSync(out) ? readdirSync(out).sort() : [], stderr: cli.stderr.trim() };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

function markdown(results: InstallSize[]): string {
  const lines = [
    '| ref | tarball | node_modules | files | packages | native files | platform packages | compilers | `wasmlp experiment --out` |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...results.map((r) => `| ${r.ref} (${r.commit}) | ${r.tarballBytes.toLocaleString('en')} B | ${r.nodeModulesBytes.toLocaleString('en')} B (${mb(r.nodeModulesBytes)}) | ${r.files} | ${r.packages.length} | ${r.nativeFiles.length} | ${r.platformPackages.join(', ') || 'none'} | ${r.compilerPackages.join(', ') || 'none'} | status ${r.command.status}, wrote ${r.command.wrote.join(', ') || 'nothing'} |`),
  ];
  for (const r of results) {
    if (r.afterHint) lines.push('', `${r.ref}: no loss.png at first; after the command's advice, \`${r.afterHint.install}\`, it wrote ${r.afterHint.wrote.join(', ')} (status ${r.afterHint.status}).`);
  }
  return `${lines.join('\n')}\n`;
}

const refs = process.argv.slice(2);
const results = (refs.length > 0 ? refs : [BEFORE, 'HEAD']).map(installSize);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'install-size.json'), `${JSON.stringify({ measured: new Date().toISOString(), node: process.version, results }, null, 1)}\n`);
writeFileSync(join(RESULTS, 'install-size.md'), markdown(results));
process.stdout.write(markdown(results));
for (const r of results) {
  if (r.command.stderr) process.stdout.write(`\n${r.ref}: wasmlp experiment said on stderr:\n${r.command.stderr}\n`);
}
