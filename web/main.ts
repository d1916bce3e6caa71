// The page: settings (kept in the URL), the trainable-set editor, the worker that
// trains, live charts, the final table and the JSON download.
import { SetsEditor } from './sets-editor.js';
import { ChartBoard } from './charts.js';
import { checkSettings, defaultLearningRate, settingsFromQuery, settingsToQuery, type Settings } from './settings.js';
import { builtinDataset, fileDataset } from './datasets.js';
import { formatStat, summarize, type Stat } from '../src/experiments/summary.js';
import { accuracyChart, gradientNormCharts, lossChart } from '../src/plot/experiment-charts.js';
import { setColor } from '../src/plot/palette.js';
import { describeSet } from '../src/experiments/train-sets.js';
import { escapeHtml } from '../src/plot/report.js';
import { parseHidden, type RunResult } from '../src/experiments/experiment.js';
import type { Dataset } from '../src/data/csv.js';
import type { ExperimentResults } from '../src/experiments/results.js';
import type { RunRequest, ToPage, ToWorker } from './protocol.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';
import { readTopology } from '../src/io/topology.js';
import { downloadModel, readModelFiles } from './model-files.js';
import { plural } from '../src/units.js';
import { NetworkDiagram, modelShape, networkShape } from './network-diagram.js';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const field = (id: string): HTMLInputElement & HTMLSelectElement => element<HTMLInputElement & HTMLSelectElement>(id);

/** What tests and curious users can read: the finished results and per-epoch weight fingerprints. */
interface PageState { results: ExperimentResults | null; weightHashes: number[][][]; toggles: { setIndex: number; epoch: number; train: string }[] }
const page: PageState = { results: null, weightHashes: [], toggles: [] };
(window as unknown as { wasmlp: PageState }).wasmlp = page;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const charts = new ChartBoard(element('charts'));
const editor = new SetsEditor(element('sets'), (index, train) => {
  if (running && index >= 0) post({ type: 'toggle', setIndex: index, train });
  updateUrl();
});
let uploaded: Dataset | null = null;
/** The uploaded model every run starts from, while one is chosen; it sets the network. */
let initModel: { artifacts: ModelArtifacts; summary: string; hidden: string } | null = null;
/** Each finished run's final model, in the results' run order. */
let finishedModels: ModelArtifacts[] = [];
let running = false;
let live: { sizes: number[]; totalParams: number; trainRows: number; epochs: number; seeds: number[]; sets: { name: string; trainableParams: number }[]; runs: RunResult[]; backend: string } | null = null;
let renderScheduled = false;

const post = (message: ToWorker): void => worker.postMessage(message);

function showMessage(text: string | null): void {
  const box = element('message');
  box.hidden = text === null;
  box.textContent = text ?? '';
}

function layersOf(hidden: string): number {
  return parseHidden(hidden, 'hidden layers').length + 1;
}

function readSettings(): Settings {
  return {
    dataset: field('dataset').value, target: field('target').value, hidden: field('hidden').value,
    activation: field('activation').value as Settings['activation'], epochs: Number(field('epochs').value),
    batchSize: Number(field('batch-size').value), learningRate: Number(field('lr').value),
    optimizer: field('optimizer').value as Settings['optimizer'], validationSplit: Number(field('validation-split').value),
    seed: Number(field('seed').value), seeds: Number(field('seeds').value), backend: field('backend').value as Settings['backend'],
    train: editor.train,
  };
}

function writeSettings(s: Settings): void {
  field('dataset').value = s.dataset === 'upload' ? 'breast-cancer' : s.dataset;
  field('target').value = s.target;
  field('hidden').value = s.hidden;
  field('activation').value = s.activation;
  field('epochs').value = String(s.epochs);
  field('batch-size').value = String(s.batchSize);
  field('lr').value = String(s.learningRate);
  field('optimizer').value = s.optimizer;
  field('validation-split').value = String(s.validationSplit);
  field('seed').value = String(s.seed);
  field('seeds').value = String(s.seeds);
  field('backend').value = s.backend;
  let layers = 3;
  try { layers = layersOf(s.hidden); } catch { /* shown when the user runs */ }
  editor.show(s.train, layers);
}

function updateUrl(): void {
  const query = settingsToQuery(readSettings());
  history.replaceState(null, '', `${location.pathname}${query}`);
  element<HTMLAnchorElement>('share').href = location.href;
}

async function datasetFor(settings: Settings): Promise<Dataset> {
  if (settings.dataset !== 'upload') return builtinDataset(settings.dataset);
  if (!uploaded) throw new RangeError('choose a CSV file first');
  return uploaded;
}

async function request(type: 'run' | 'race'): Promise<void> {
  showMessage(null);
  try {
    const s = readSettings();
    checkSettings(s);
    const hidden = parseHidden(s.hidden, 'hidden layers');
    const dataset = await datasetFor(s);
    const message: RunRequest = {
      type: 'run', dataset, hidden, activation: s.activation, epochs: s.epochs, batchSize: s.batchSize, learningRate: s.learningRate,
      optimizer: s.optimizer, validationSplit: s.validationSplit, seed: s.seed, seeds: s.seeds, backend: s.backend, train: s.train,
      ...(initModel ? { init: initModel.artifacts } : {}),
    };
    if (type === 'race') {
      element('race-result').textContent = 'racing: the same training on wasm, then on JavaScript…';
      post({ ...message, type: 'race' });
      return;
    }
    running = true;
    page.results = null;
    page.weightHashes = [];
    page.toggles = [];
    charts.clear();
    element('results').hidden = true;
    setButtons();
    element('status').textContent = 'starting…';
    post(message);
  } catch (error) {
    showMessage(error instanceof Error ? error.message : String(error));
  }
}

function setButtons(): void {
  element<HTMLButtonElement>('run').disabled = running;
  element<HTMLButtonElement>('stop').disabled = !running;
  element<HTMLButtonElement>('race').disabled = running;
  editor.lockStructure(running);
}

worker.onmessage = (event: MessageEvent<ToPage>) => {
  const message = event.data;
  if (message.type === 'started') {
    live = { ...message, epochs: readSettings().epochs, runs: [] };
    for (let s = 0; s < message.sets.length; s++) {
      for (const seed of message.seeds) {
        live.runs.push({ train: message.sets[s].name, seed, fold: 1, trainableParams: message.sets[s].trainableParams, loss: [], accuracy: [], gradNorm: [], ms: 0 });
        page.weightHashes.push([]);
      }
    }
  } else if (message.type === 'epoch' && live) {
    for (const update of message.runs) {
      const index = update.setIndex * live.seeds.length + live.seeds.indexOf(update.seed);
      const run = live.runs[index];
      run.loss.push(update.loss);
      run.accuracy.push(update.accuracy);
      if (update.valLoss !== undefined) (run.valLoss ??= []).push(update.valLoss);
      if (update.valAccuracy !== undefined) (run.valAccuracy ??= []).push(update.valAccuracy);
      run.gradNorm.push(update.gradNorm);
      run.trainableParams = update.trainableParams;
      page.weightHashes[index].push(update.weightHash);
    }
    const seconds = message.elapsedMs / 1000;
    const epochs = message.epoch + 1;
    const samples = epochs * live.trainRows * live.runs.length;
    element('status').textContent = `epoch ${epochs} of ${live.epochs} · ${Math.round(epochs / seconds).toLocaleString('en')} epochs/s · ${Math.round(samples / seconds).toLocaleString('en')} samples/s · ${live.backend}`;
    scheduleRender();
  } else if (message.type === 'toggled') {
    page.toggles.push(message);
    charts.mark({ epoch: message.epoch + 1, color: setColor(message.setIndex), label: message.train });
    element('status').textContent += ` · from epoch ${message.epoch + 1}, set ${message.setIndex + 1} trains ${describeSet(message.train)}`;
  } else if (message.type === 'done') {
    running = false;
    setButtons();
    page.results = message.results;
    finishedModels = message.models;
    if (live) live.runs = message.results.runs;
    render();
    finalTable(message.results);
    const runs = message.results.runs.length;
    element('status').textContent = `${message.stopped ? 'stopped' : 'done'}: ${plural(runs, 'run')} in ${(message.elapsedMs / 1000).toFixed(2)} s on ${message.results.backend}`;
  } else if (message.type === 'race') {
    element('race-result').textContent = `WASM vs JS: ${message.wasmBackend} ${message.wasmMs.toFixed(0)} ms, JavaScript ${message.jsMs.toFixed(0)} ms: wasm is ${(message.jsMs / message.wasmMs).toFixed(1)}× faster`;
  } else if (message.type === 'error') {
    running = false;
    setButtons();
    showMessage(message.message);
    element('status').textContent = '';
  }
};

function scheduleRender(): void {
  if (renderScheduled) return;
  renderScheduled = true;
  requestAnimationFrame(() => {
    renderScheduled = false;
    render();
  });
}

function render(): void {
  if (!live) return;
  const summaries = summarize(live.runs, live.epochs);
  const width = Math.max(360, Math.min(640, element('charts').clientWidth - 24));
  charts.update([
    lossChart(summaries, width, 320), accuracyChart(summaries, width, 320), ...gradientNormCharts(summaries, live.sizes, width, 280),
  ]);
}

function finalTable(results: ExperimentResults): void {
  const summaries = summarize(results.runs, results.config.epochs);
  const spread = results.config.seeds.length > 1;
  const hasValidation = summaries.some((s) => s.final.valLoss);
  // Six decimals: enough to compare, digit for digit, with the CLI's JSON.
  const figure = (value: Stat | undefined): string => formatStat(value, spread, 6);
  const total = live?.totalParams ?? 0;
  // Each column's class lets a reader (or a test) find, say, every final loss.
  const columns: [string, string][] = [
    ['trainable set', 'set'], ['trainable parameters', 'params'], ['final loss', 'loss'], ['final accuracy', 'accuracy'],
    ...(hasValidation ? [['val loss', 'val-loss'], ['val accuracy', 'val-accuracy']] as [string, string][] : []), ['ms per run', 'ms'],
  ];
  const rows = summaries.map((s, i) => {
    const cells = [
      `<span class="swatch" style="background:${setColor(i)}"></span> ${escapeHtml(describeSet(s.train))}`,
      `${s.trainableParams} of ${total}`, figure(s.final.loss), figure(s.final.accuracy),
      ...(hasValidation ? [figure(s.final.valLoss), figure(s.final.valAccuracy)] : []), s.msMean.toFixed(1),
    ];
    return `<tr data-set="${escapeHtml(s.train)}">${cells.map((cell, c) => `<td class="${columns[c][1]}">${cell}</td>`).join('')}</tr>`;
  });
  showModelDownloads(results);
  element('warm-up').textContent = results.warmupMs === undefined ? ''
    : `warm-up: ${results.warmupMs.toFixed(0)} ms before the timed runs, not in ms per run: every set trains a throwaway model while the browser compiles and optimises the kernels`;
  element('final').innerHTML = `<thead><tr>${columns.map(([title]) => `<th>${title}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody>`;
  const link = element<HTMLAnchorElement>('download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([`${JSON.stringify(results, null, 1)}\n`], { type: 'application/json' }));
  element('results').hidden = false;
}

async function describeDataset(): Promise<void> {
  const upload = field('dataset').value === 'upload';
  element('file-field').hidden = !upload;
  element('target-field').hidden = !upload;
  const info = element('dataset-info');
  info.textContent = '';
  try {
    const data = upload ? uploaded : await builtinDataset(field('dataset').value);
    if (data) info.textContent = `${plural(data.rows, 'sample')}, ${plural(data.features, 'feature')}, ${plural(data.classNames.length, 'class', 'classes')} (${data.classNames.slice(0, 10).join(', ')}${data.classNames.length > 10 ? ', …' : ''})`;
  } catch (error) {
    showMessage(error instanceof Error ? error.message : String(error));
  }
}

async function readUpload(): Promise<void> {
  showMessage(null);
  uploaded = null;
  const file = field('csv-file').files?.[0];
  if (file) {
    try {
      uploaded = await fileDataset(file, field('target').value);
    } catch (error) {
      showMessage(error instanceof Error ? error.message : String(error));
    }
  }
  await describeDataset();
}

// A chosen model sets the network: its hidden widths replace the field's, which is locked meanwhile.
async function readInitModel(): Promise<void> {
  showMessage(null);
  const files = [...(field('model-files').files ?? [])];
  initModel = null;
  if (files.length > 0) {
    try {
      const { artifacts, summary } = await readModelFiles(files);
      const shape = readTopology(artifacts.modelTopology);
      const hidden = shape.layers.slice(0, -1).map((layer) => layer.units).join(',') || 'none';
      initModel = { artifacts, summary, hidden };
    } catch (error) {
      showMessage(error instanceof Error ? error.message : String(error));
    }
  }
  element('model-info').textContent = initModel ? `every run starts from this model: ${initModel.summary}` : '';
  element('clear-model').hidden = initModel === null;
  field('hidden').disabled = initModel !== null;
  field('activation').disabled = initModel !== null;
  if (initModel) {
    field('hidden').value = initModel.hidden;
    editor.show(editor.train, layersOf(initModel.hidden));
  } else {
    field('model-files').value = '';
  }
  updateUrl();
}

function showModelDownloads(results: ExperimentResults): void {
  const select = element<HTMLSelectElement>('model-run');
  select.replaceChildren(...results.runs.map((run, i) => new Option(`${describeSet(run.train)}, seed ${run.seed}`, String(i))));
}

writeSettings(settingsFromQuery(location.search));
updateUrl();
// The learning rate follows the optimizer's default (Keras's, as on the command line) until it is changed by hand.
let optimizerShown = field('optimizer').value as Settings['optimizer'];
field('optimizer').addEventListener('change', () => {
  const chosen = field('optimizer').value as Settings['optimizer'];
  if (Number(field('lr').value) === defaultLearningRate(optimizerShown)) field('lr').value = String(defaultLearningRate(chosen));
  optimizerShown = chosen;
});
void describeDataset();
field('dataset').addEventListener('change', () => { showMessage(null); void describeDataset(); updateUrl(); });
field('csv-file').addEventListener('change', () => void readUpload());
field('target').addEventListener('change', () => { if (field('csv-file').files?.[0]) void readUpload(); updateUrl(); });
field('hidden').addEventListener('change', () => {
  try {
    editor.show(editor.train, layersOf(field('hidden').value));
    showMessage(null);
  } catch (error) {
    showMessage(error instanceof Error ? error.message : String(error));
  }
  updateUrl();
});
element('settings').addEventListener('change', updateUrl);
element('add-set').addEventListener('click', () => { editor.add(); updateUrl(); });
element('run').addEventListener('click', () => void request('run'));
field('model-files').addEventListener('change', () => void readInitModel());
element('clear-model').addEventListener('click', () => { field('model-files').value = ''; void readInitModel(); });
element('download-model').addEventListener('click', () => {
  const index = Number(element<HTMLSelectElement>('model-run').value);
  const run = page.results?.runs[index];
  if (run && finishedModels[index]) downloadModel(finishedModels[index], `${run.train}-seed${run.seed}`);
});
element('stop').addEventListener('click', () => post({ type: 'stop' }));
element('race').addEventListener('click', () => void request('race'));

// ---- The network diagram (web/network-diagram.ts) -------------------------------------------
// The selected set drawn on the network the settings describe; a click on a layer toggles it
// through the set editor, exactly as its checkbox does. It redraws when the hidden layers, the
// activation, the dataset, the selected set or one of its checkboxes change, and shows the
// latest gradient norms of the selected set's first run while a run goes on.
const diagram = new NetworkDiagram(element('network-diagram'), (layer) => editor.toggleLayer(editor.selected, layer));
/** Inputs and classes of the dataset in use (null while an upload is awaited); built-ins are read once each. */
let diagramData: { features: number; classes: number } | null = null;
const builtinShapes = new Map<string, Promise<{ features: number; classes: number }>>();
/** Per set index, the gradient norms of its first run in the latest epoch. */
const latestGradNorms = new Map<number, (number | null)[]>();
let activityScheduled = false;

function drawDiagram(): void {
  let shape: { sizes: number[]; activations: string[] };
  if (initModel) {
    shape = modelShape(readTopology(initModel.artifacts.modelTopology));
  } else {
    let hidden: number[];
    try {
      hidden = parseHidden(field('hidden').value, 'hidden layers');
    } catch {
      return; // the field's message shows; the last drawing stays
    }
    if (!diagramData) {
      diagram.show(null);
      return;
    }
    shape = networkShape(diagramData, hidden, field('activation').value);
  }
  const parts = editor.selectedParts;
  if (parts.length !== shape.sizes.length - 1) return; // the editor has not been shown the new network yet
  diagram.show({ ...shape, parts, setName: editor.selectedName, color: setColor(editor.selected) });
  diagram.activity(latestGradNorms.get(editor.selected) ?? null);
}

async function readDiagramData(): Promise<void> {
  const name = field('dataset').value;
  try {
    if (name === 'upload') {
      diagramData = uploaded ? { features: uploaded.features, classes: uploaded.classNames.length } : null;
    } else {
      if (!builtinShapes.has(name)) {
        const reading = builtinDataset(name).then((data) => ({ features: data.features, classes: data.classNames.length }));
        reading.catch(() => builtinShapes.delete(name));
        builtinShapes.set(name, reading);
      }
      const shape = await (builtinShapes.get(name) as Promise<{ features: number; classes: number }>);
      if (field('dataset').value !== name) return; // another dataset was chosen meanwhile
      diagramData = shape;
    }
  } catch {
    diagramData = null; // describeDataset shows why
  }
  drawDiagram();
}

editor.onSelect = drawDiagram;
field('activation').addEventListener('change', drawDiagram);
// #dataset-info is rewritten whenever the dataset in use changes (a built-in chosen, a file
// read), so the diagram follows it without a hook in the data-loading flow.
new MutationObserver(() => void readDiagramData()).observe(element('dataset-info'), { childList: true, characterData: true, subtree: true });
worker.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const message = event.data;
  if (message.type === 'started') {
    latestGradNorms.clear();
    diagram.activity(null);
  } else if (message.type === 'epoch') {
    const seen = new Set<number>();
    for (const update of message.runs) {
      if (seen.has(update.setIndex)) continue;
      seen.add(update.setIndex);
      latestGradNorms.set(update.setIndex, update.gradNorm);
    }
    if (activityScheduled) return;
    activityScheduled = true;
    requestAnimationFrame(() => {
      activityScheduled = false;
      diagram.activity(latestGradNorms.get(editor.selected) ?? null);
    });
  }
});
void readDiagramData();
