// The cold figures: what a person sees who runs something once. Each engine trains W1 (the
// founding experiment) in a fresh process, timed from spawn() to trained (cold-child.js for the
// Node engines, pytorch_bench.py for PyTorch); then the `wasmlp` command itself, fresh, as
// `wasmlp experiment --folds none --json` and as `npm start` runs it. A round runs each once,
// in turn, so that a machine whose speed drifts moves them all alike.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLEAN_ENV, jsonLines, timeProcess } from './process-timing.js';
import { ONE_THREAD_ENV, pytorchCommand, writeWorkloadFiles } from './engines/pytorch.js';
import { loadWorkloads } from './workloads.js';
import { median, type Cold, type ColdCommand, type ColdEngine } from './results.js';
import type { EngineId } from './options.js';
import { loadCliFlags } from './cli-flags.js';

const CHILD = fileURLToPath(new URL('./cold-child.js', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/wasmlp.js', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What a cold process runs: an engine, or `wasm-cli`, wasm with the `wasmlp` command's V8
 * flags. `wasm` stays the library's default (what an embedder meets); `wasm-cli` is what a
 * person running `wasmlp experiment` meets, so both are timed whenever wasm is.
 */
export type ColdKind = EngineId | 'wasm-cli';

/** The cold processes for the engines asked for: `wasm-cli` right after `wasm`. */
export function coldKinds(engines: readonly EngineId[]): ColdKind[] {
  return engines.flatMap((id): ColdKind[] => (id === 'wasm' ? ['wasm', 'wasm-cli'] : [id]));
}

interface ChildLines { engine?: string; loadedAt?: number; importMs?: number; firstModelMs: number; secondModelMs: number; warmMs: number[] }

export interface ColdPlan {
  engines: EngineId[];
  /** Whether to run the `wasmlp` commands too. */
  commands: boolean;
  processes: number;
  /** How long a process may repeat the first model to time it warm (at least one repeat). */
  warmBudgetMs: number;
  /** An engine whose first process takes longer than this (spawn to exit) is not run again; null: every engine runs every round. */
  slowProcessMs: number | null;
  log: (line: string) => void;
}

/** Runs the plan; skipped engines (PyTorch without torch) come back as notes. */
export async function measureCold(plan: ColdPlan): Promise<{ cold: Cold; notes: string[] }> {
  const scratch = mkdtempSync(join(tmpdir(), 'wasmlp-bench-cold-'));
  const notes: string[] = [];
  try {
    const engines = coldKinds(plan.engines);
    let python: { python: string; args: string[] } | null = null;
    if (engines.includes('pytorch')) {
      const [founding] = await loadWorkloads(['W1']);
      await writeWorkloadFiles(founding, scratch);
      const command = await pytorchCommand(scratch, ['cold', String(plan.warmBudgetMs)]);
      if (typeof command === 'string') {
        notes.push(`cold PyTorch: skipped (${command})`);
        engines.splice(engines.indexOf('pytorch'), 1);
      } else {
        python = command;
      }
    }
    const empty = join(scratch, 'empty.js');
    writeFileSync(empty, '');
    const engineRuns = new Map<ColdKind, { name: string; runs: ColdEngine['processes'] }>(engines.map((id) => [id, { name: id, runs: [] }]));
    const commandRuns = new Map<ColdCommand['id'], ColdCommand['processes']>([['experiment-json', []], ['npm-start', []]]);
    const nodeAlone: number[] = [];
    const npmAlone: number[] = [];
    const npm = plan.commands ? npmCommand() : null;
    const pythonAlone: number[] = [];
    const perRound: Map<ColdKind, number>[] = [];
    // Files are read once before any timing: a first spawn pays for the disk, which a person running it twice would not.
    await timeProcess(process.execPath, [empty]);
    if (python) await timeProcess(python.python, ['-c', 'import torch']);
    const once = new Set<ColdKind>();
    for (let round = 0; round < plan.processes; round++) {
      const running = engines.filter((id) => !once.has(id));
      plan.log(`  cold round ${round + 1} of ${plan.processes}: ${[...running, ...(plan.commands ? ['wasmlp experiment --json', 'npm start'] : [])].join(', ')}`);
      nodeAlone.push((await timeProcess(process.execPath, [empty])).exitMs);
      if (python) pythonAlone.push((await timeProcess(python.python, ['-c', 'pass'])).exitMs);
      const toTrained = new Map<ColdKind, number>();
      for (const id of running) {
        const run = id === 'pytorch'
          ? await timeProcess(python!.python, python!.args, { env: { ...CLEAN_ENV, ...ONE_THREAD_ENV }, cwd: scratch })
          : await timeProcess(process.execPath, [CHILD, id, String(plan.warmBudgetMs)], { cwd: PACKAGE });
        const lines = jsonLines<Partial<ChildLines>>(run.stdout);
        const merged = Object.assign({}, ...lines) as ChildLines;
        if (lines.length !== 3 || run.lineMs.length < 2) throw new Error(`cold ${id}: expected three result lines, got: ${run.stdout.slice(-300)}`);
        const entry = engineRuns.get(id)!;
        entry.name = merged.engine ?? entry.name;
        const loadMs = merged.importMs ?? merged.loadedAt ?? null;
        entry.runs.push({
          toFirstModelMs: run.lineMs[0], toTrainedMs: run.lineMs[1],
          firstModelMs: merged.firstModelMs, secondModelMs: merged.secondModelMs, warmMs: merged.warmMs, loadMs,
        });
        toTrained.set(id, run.lineMs[1]);
        if (plan.slowProcessMs !== null && run.exitMs > plan.slowProcessMs) once.add(id);
      }
      perRound.push(toTrained);
      if (plan.commands) {
        if (npm) npmAlone.push((await timeProcess(npm.command, npm.args, { cwd: scratch })).exitMs);
        commandRuns.get('experiment-json')!.push(await wasmlpCommand(scratch, round, ['--folds', 'none']));
        commandRuns.get('npm-start')!.push(await wasmlpCommand(scratch, round, ['--out', join(scratch, `out-${round}`)]));
      }
    }
    const coldEngines: ColdEngine[] = engines.map((id) => {
      const { name, runs } = engineRuns.get(id)!;
      return {
        engine: name, engineId: id,
        toFirstModelMs: median(runs.map((r) => r.toFirstModelMs)),
        toTrainedMs: median(runs.map((r) => r.toTrainedMs)),
        firstModelMs: median(runs.map((r) => r.firstModelMs)),
        warmModelMs: median(runs.map((r) => median(r.warmMs))),
        firstToWarm: median(runs.map((r) => r.firstModelMs / median(r.warmMs))),
        processes: runs,
      };
    });
    const ratios = engines.includes('wasm')
      ? coldEngines.filter((e) => e.engineId !== 'wasm').map((e) => ({
        engine: e.engine, engineId: e.engineId,
        value: median(perRound.filter((round) => round.has(e.engineId as ColdKind)).map((round) => round.get(e.engineId as ColdKind)! / round.get('wasm')!)),
      }))
      : [];
    const commands: ColdCommand[] = plan.commands
      ? [
        summarise('experiment-json', 'wasmlp experiment --folds none --json FILE', commandRuns.get('experiment-json')!),
        summarise('npm-start', 'wasmlp experiment --out DIR --json FILE (npm start, plus --json to read its training time)', commandRuns.get('npm-start')!),
      ]
      : [];
    return {
      cold: {
        workload: 'W1', processes: plan.processes,
        cliV8Flags: engines.includes('wasm-cli') ? [...(await loadCliFlags()).WASM_COMPILE_FLAGS] : null,
        runtimeAloneMs: { node: median(nodeAlone), python: python ? median(pythonAlone) : null, npm: npmAlone.length > 0 ? median(npmAlone) : null },
        engines: coldEngines, ratios, commands,
      },
      notes,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One fresh `wasmlp experiment` with the given arguments and --json: wall time, and training time from its results. */
async function wasmlpCommand(scratch: string, round: number, args: string[]): Promise<ColdCommand['processes'][number] & { runs: number }> {
  const json = join(scratch, `results-${round}-${args[0].slice(2)}.json`);
  const run = await timeProcess(process.execPath, [BIN, 'experiment', ...args, '--json', json], { cwd: scratch });
  const results = JSON.parse(readFileSync(json, 'utf8')) as { runs: { ms: number }[]; warmupMs?: number };
  return {
    wallMs: run.exitMs,
    trainingMs: results.runs.reduce((sum, r) => sum + r.ms, 0),
    warmupMs: typeof results.warmupMs === 'number' ? results.warmupMs : null,
    runs: results.runs.length,
  };
}

function summarise(id: ColdCommand['id'], command: string, runs: (ColdCommand['processes'][number] & { runs?: number })[]): ColdCommand {
  const warmups = runs.map((r) => r.warmupMs).filter((ms): ms is number => ms !== null);
  return {
    id, command, runs: runs[0]?.runs ?? 0,
    wallMs: median(runs.map((r) => r.wallMs)),
    trainingMs: median(runs.map((r) => r.trainingMs)),
    warmupMs: warmups.length === runs.length ? median(warmups) : null,
    processes: runs.map(({ wallMs, trainingMs, warmupMs }) => ({ wallMs, trainingMs, warmupMs })),
  };
}

/**
 * How to start npm for timing its own start (`npm --version`): the npm running the benchmark
 * (npm_execpath, under `npm run bench`) with this Node, else the first npm on PATH.
 */
function npmCommand(): { command: string; args: string[] } | null {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli)) return { command: process.execPath, args: [cli, '--version'] };
  return process.env.PATH ? { command: 'npm', args: ['--version'] } : null;
}
