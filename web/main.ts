// The page: settings (kept in the URL), the trainable-set editor, the worker that trains
// at a pace a person can follow, the verdict as it forms, live charts, the final table
// and the downloads.
import { SetsEditor } from './sets-editor.js';
import { ChartBoard } from './charts.js';
import { checkSettings, defaultLearningRate, readQuery, settingsToQuery, type Settings } from './settings.js';
import { readForm, writeForm, fieldOf, inPageWords } from './form.js';
import { builtinDataset, fileDataset } from './datasets.js';
import { summarize } from '../src/experiments/summary.js';
import { accuracyChart, gradientNormCharts, lossChart } from '../src/plot/experiment-charts.js';
import { setColor } from '../src/plot/palette.js';
import { describeSet } from '../src/experiments/train-sets.js';
import { parseHidden, type RunResult } from '../src/experiments/experiment.js';
import { checkScenario, SETTINGS } from '../src/experiments/settings.js';
import type { Dataset } from '../src/data/csv.js';
import type { ExperimentResults } from '../src/experiments/results.js';
import type { RunRequest, RunSlot, ToPage } from './protocol.js';
import { Coordinator } from './coordinator.js';
import type { ModelArtifacts } from '../src/io/artifacts.js';
import { readTopology } from '../src/io/topology.js';
import { downloadModel, readModelFiles } from './model-files.js';
import { plural } from '../src/units.js';
import { describeRace, resultsTable, showVerdict, verdictSoFar } from './results-view.js';
import { chooseScenario, showScenario } from './scenario.js';
import { NetworkDiagram, modelShape, networkShape } from './network-diagram.js';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const button = (id: string): HTMLButtonElement => element<HTMLButtonElement>(id);

/** What tests and curious users can read: the finished results, per-epoch weight fingerprints, changes and the verdict. */
interface PageState {
  results: ExperimentResults | null;
  weightHashes: number[][][];
  toggles: { setIndex: number; epoch: number; train: string }[];
  /** Epochs trained so far, and whether the run is paused. */
  epochs: number;
  paused: boolean;
  /** The epochs done when the worker last held for a pause (null while it trains). */
  heldAfter: number | null;
  verdict: string[];
}
const page: PageState = { results: null, weightHashes: [], toggles: [], epochs: 0, paused: false, heldAfter: null, verdict: [] };
(window as unknown as { wasmlp: PageState }).wasmlp = page;

const charts = new ChartBoard(element('charts'));
const editor = new SetsEditor(element('sets'), (index, train) => {
  if (running && index >= 0) coordinator.toggle(index, train);
  updateUrl();
});
let uploaded: Dataset | null = null;
/** Why the chosen CSV file could not be read, until another is chosen. */
let uploadError: string | null = null;
/** The uploaded model every run starts from, while one is chosen; it sets the network. */
let initModel: { artifacts: ModelArtifacts; summary: string; hidden: string; label: string } | null = null;
/** Each finished run's final model, in the results' run order. */
let finishedModels: ModelArtifacts[] = [];
/** A run is going (training, paused or preparing); racing is the race. */
let running = false;
let racing = false;
let live: {
  request: RunRequest; sizes: number[]; totalParams: number; sets: { name: string }[]; seeds: number[]; slots: RunSlot[];
  runs: RunResult[]; backend: string; trainingMs: number; workers: number;
  /** The results' settings and dataset, without runs: with the runs so far, what the verdict reads. */
  shell: ExperimentResults;
} | null = null;
let renderScheduled = false;


function showMessage(text: string | null): void {
  const box = element('message');
  box.hidden = text === null;
  box.textContent = text === null ? '' : inPageWords(text);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function layersOf(hidden: string): number {
  return parseHidden(hidden, 'hidden layers').length + 1;
}

function readSettings(): Settings {
  return readForm(editor.train);
}

/** Shows the settings in the form; returns the trainable sets that do not fit the network, which are left out. */
function writeSettings(s: Settings): string[] {
  writeForm(s);
  let layers = 3;
  try { layers = layersOf(s.hidden); } catch { /* shown when the user runs */ }
  const dropped = editor.show(s.train, layers);
  showScenario();
  return dropped;
}

function updateUrl(): void {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch {
    return; // a field being typed into; the URL keeps the last good settings
  }
  history.replaceState(null, '', `${location.pathname}${settingsToQuery(settings)}`);
  element<HTMLAnchorElement>('share').href = location.href;
}

/** Epochs per second from the pace setting, or null for full speed. */
function paceOf(text: string): number | null {
  return text === 'full' ? null : Number(text);
}

async function datasetFor(settings: Settings): Promise<Dataset> {
  if (settings.dataset !== 'upload') return builtinDataset(settings.dataset);
  if (!uploaded) throw new RangeError(uploadError ?? 'choose a CSV file first');
  return uploaded;
}

/** The request for the settings in the form; a RangeError names what is wrong. */
async function requestOf(startPaused: boolean): Promise<RunRequest> {
  const s = readSettings();
  checkSettings(s);
  checkScenario(s, initModel !== null, (setting) => setting.label);
  const hidden = parseHidden(s.hidden, 'hidden layers');
  const dataset = await datasetFor(s);
  // The settings as they are, but the dataset loaded, the widths parsed and the pace a number.
  return {
    ...s, type: 'run', dataset, hidden, pace: paceOf(s.pace), startPaused,
    ...(initModel ? { init: { artifacts: initModel.artifacts, label: initModel.label } } : {}),
  };
}

async function start(startPaused: boolean): Promise<void> {
  showMessage(null);
  try {
    const request = await requestOf(startPaused);
    running = true;
    page.results = null;
    page.weightHashes = [];
    page.toggles = [];
    page.epochs = 0;
    page.paused = startPaused;
    page.heldAfter = null;
    page.verdict = [];
    verdictShownAt = -Infinity;
    live = null;
    charts.clear();
    element('changes').replaceChildren();
    element('results').hidden = true;
    setButtons();
    element('status').textContent = 'starting…';
    showVerdict(element('verdict'), null, 'The verdict: starting…');
    pendingRequest = request;
    void coordinator.run(request);
  } catch (error) {
    showMessage(errorText(error));
  }
}
let pendingRequest: RunRequest | null = null;

async function race(): Promise<void> {
  showMessage(null);
  try {
    const request = await requestOf(false);
    racing = true;
    setButtons();
    element('race-result').textContent = 'racing: the same training on wasm and on JavaScript, 5 rounds…';
    coordinator.race(request, 5);
  } catch (error) {
    showMessage(errorText(error));
  }
}

/**
 * Enables what can be done now. A button about to be disabled that holds the focus hands
 * it on (to Pause when a run starts, to Train when it ends), so keyboard users keep their place.
 */
function setButtons(): void {
  const busy = running || racing;
  const focused = document.activeElement;
  const states: [string, boolean][] = [
    ['run', !busy], ['race', !busy], ['add-set', !running], ['pause', running], ['stop', running], ['step', !racing],
  ];
  for (const [id, enabled] of states) button(id).disabled = !enabled;
  editor.lockStructure(running);
  // A run keeps the settings it started with: only the sets (and the pace) change mid-run.
  for (const id of ['data-fields', 'network-fields', 'held-out-fields', 'scenario-fields']) element<HTMLFieldSetElement>(id).disabled = running;
  button('pause').textContent = page.paused ? 'Resume' : 'Pause';
  button('pause').setAttribute('aria-pressed', String(page.paused));
  if (focused instanceof HTMLButtonElement && focused.disabled) (running ? button('pause') : button('run')).focus();
}

function onStarted(message: Extract<ToPage, { type: 'started' }>): void {
  if (!pendingRequest) return;
  live = {
    request: pendingRequest, sizes: message.sizes, totalParams: message.totalParams, sets: message.sets, seeds: message.seeds, slots: message.runs,
    runs: [], backend: message.backend, trainingMs: 0, shell: message.shell, workers: message.workers,
  };
  for (const slot of message.runs) {
    const set = message.sets[slot.setIndex];
    live.runs.push({ train: set.name, seed: slot.seed, fold: slot.fold, trainableParams: set.trainableParams, loss: [], accuracy: [], gradNorm: [], ms: 0, ...(message.heldOutRows > 0 ? { valLoss: [], valAccuracy: [] } : {}) });
    page.weightHashes.push([]);
  }
  element('status').textContent = `training ${plural(message.runs.length, 'run')} on ${plural(message.workers, 'worker')}, ${message.backend}…`;

}

function onEpoch(message: Extract<ToPage, { type: 'epoch' }>): void {
  if (!live) return;
  for (const update of message.runs) {
    const run = live.runs[update.run];
    run.loss.push(update.loss);
    run.accuracy.push(update.accuracy);
    if (update.valLoss !== undefined) run.valLoss?.push(update.valLoss);
    if (update.valAccuracy !== undefined) run.valAccuracy?.push(update.valAccuracy);
    run.gradNorm.push(update.gradNorm);
    if (update.diverged) run.divergedAt = run.loss.length;
    page.weightHashes[update.run].push(update.weightHash);
  }
  live.trainingMs = message.trainingMs;
  page.epochs = message.epoch + 1;
  showProgress();
  scheduleRender();
}

function showProgress(): void {
  if (!live) return;
  const epochs = page.epochs;
  const pace = live.request.pace;
  const rate = live.trainingMs > 0 ? `training alone runs at ${Math.round(epochs / (live.trainingMs / 1000 / live.runs.length)).toLocaleString('en')} epochs/s per run` : '';
  const where = page.paused ? `paused after epoch ${epochs} of ${live.request.epochs}` : `epoch ${epochs} of ${live.request.epochs}`;
  element('status').textContent = `${where} · ${plural(live.runs.length, 'run')} on ${plural(live.workers, 'worker')} · ${pace === null ? 'full speed' : `paced at ${plural(pace, 'epoch')}/s`} · ${rate} · ${live.backend}`;
}

function onToggled(message: Extract<ToPage, { type: 'toggled' }>): void {
  page.toggles.push(message);
  if (live) {
    live.runs.forEach((run, i) => {
      if (live?.slots[i].setIndex !== message.setIndex || run.train === message.train) return;
      (run.changes ??= []).push({ epoch: message.epoch + 1, from: run.train, to: message.train, paramsBefore: run.trainableParams, trainableParams: message.trainableParams });
      run.train = message.train;
      run.trainableParams = message.trainableParams;
    });
  }
  charts.mark({ epoch: message.epoch + 1, color: setColor(message.setIndex), label: message.train });
  // A confirmation that stays: one line per change, apart from the status that each epoch rewrites.
  const item = document.createElement('li');
  item.textContent = `From epoch ${message.epoch + 1}, set ${message.setIndex + 1} trains ${describeSet(message.train)} (${plural(message.trainableParams, 'parameter')}).`;
  element('changes').append(item);
}

function onDone(message: Extract<ToPage, { type: 'done' }>): void {
  running = false;
  page.paused = false;
  page.heldAfter = null;
  setButtons();
  page.results = message.results;
  finishedModels = message.models;
  if (live) live.runs = message.results.runs;
  render();
  element('final').innerHTML = resultsTable(message.results, live?.totalParams ?? 0);
  showDownloads(message.results);
  const runs = message.results.runs.length;
  element('status').textContent = `${message.stopped ? 'stopped' : 'done'}: ${plural(runs, 'run')} of ${plural(page.epochs, 'epoch')} on ${plural(live?.workers ?? 1, 'worker')}, ${(message.trainingMs / 1000).toFixed(2)} s of training on ${message.results.backend}`;
  element('warm-up').textContent = message.results.warmupMs === undefined ? ''
    : `warm-up: ${message.results.warmupMs.toFixed(0)} ms before the timed runs, not in ms per run: every set trains a throwaway model while the browser compiles and optimises the kernels`;
  element('results').hidden = false;
}

function receive(message: ToPage): void {
  handle(message);
  diagramActivity(message);
}

function handle(message: ToPage): void {
  switch (message.type) {
    case 'preparing':
      element('status').textContent = `${message.what}…`;
      showVerdict(element('verdict'), null, `The verdict: ${message.what}…`);
      break;
    case 'started': onStarted(message); break;
    case 'epoch': onEpoch(message); break;
    case 'paused': page.paused = true; page.heldAfter = message.epoch; setButtons(); showProgress(); break;
    case 'toggled': onToggled(message); break;
    case 'done': onDone(message); break;
    case 'race-progress': element('race-result').textContent = `racing: round ${message.round} of ${message.rounds}…`; break;
    case 'race':
      racing = false;
      setButtons();
      element('race-result').textContent = describeRace(message.race);
      break;
    case 'error':
      running = false;
      racing = false;
      page.paused = false;
      setButtons();
      showMessage(message.message);
      element('status').textContent = '';
      if (!page.results) showVerdict(element('verdict'), null, 'The verdict: no run (the message above says why)');
      break;
  }
}
const coordinator = new Coordinator(receive);

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
  const summaries = summarize(live.runs, live.request.epochs);
  // The specs' width is a fallback: each chart takes its grid cell's (charts.ts).
  const width = 640;
  charts.update([
    lossChart(summaries, width, 320), accuracyChart(summaries, width, 320), ...gradientNormCharts(summaries, live.sizes, width, 280),
  ]);
  renderVerdict();
}

// The verdict as it forms: the CLI's own words on the epochs trained so far.
function renderVerdict(): void {
  if (!live || page.epochs === 0) return;
  const done = page.results !== null;
  // While runs go, at most once a second: rebuilding it each epoch would keep a reader from selecting or focusing it.
  if (!done && performance.now() - verdictShownAt < 1000) return;
  verdictShownAt = performance.now();
  const results = page.results ?? { ...live.shell, runs: live.runs };
  const verdict = verdictSoFar(results);
  page.verdict = verdict?.sentences ?? [];
  const planned = live.request.epochs;
  const heading = done
    ? page.epochs < planned ? `The verdict on the ${plural(page.epochs, 'epoch')} trained (stopped before epoch ${planned})` : `The verdict after ${plural(planned, 'epoch')}`
    : `The verdict so far, after epoch ${page.epochs} of ${planned}`;
  const root = element('verdict');
  // The folded findings stay as the reader left them, and so does the focus on their summary.
  const details = root.querySelector('details');
  const focused = details !== null && details.contains(document.activeElement);
  showVerdict(root, verdict, verdict ? heading : `${heading}: one trainable set, nothing to compare`, details?.open ?? false);
  if (focused) root.querySelector('summary')?.focus();
  if (done) element('announce').textContent = `${heading}. ${page.verdict.slice(1, 2).join(' ')}`;
}
let verdictShownAt = -Infinity;

async function describeDataset(): Promise<void> {
  const upload = fieldOf('dataset').value === 'upload';
  element('file-field').hidden = !upload;
  element('target-field').hidden = !upload;
  const info = element('dataset-info');
  info.textContent = '';
  try {
    const data = upload ? uploaded : await builtinDataset(fieldOf('dataset').value);
    diagramData = data ? { features: data.features, classes: data.classNames.length } : null;
    drawDiagram();
    if (data) info.textContent = `${plural(data.rows, 'sample')}, ${plural(data.features, 'feature')}, ${plural(data.classNames.length, 'class', 'classes')} (${data.classNames.slice(0, 10).join(', ')}${data.classNames.length > 10 ? ', …' : ''})`;
  } catch (error) {
    showMessage(errorText(error));
  }
}

async function readUpload(): Promise<void> {
  showMessage(null);
  uploaded = null;
  uploadError = null;
  const file = element<HTMLInputElement>('csv-file').files?.[0];
  if (file) {
    try {
      uploaded = await fileDataset(file, fieldOf('target').value);
    } catch (error) {
      uploadError = errorText(error);
      showMessage(uploadError);
    }
  }
  await describeDataset();
}

// A chosen model sets the network: its hidden widths replace the field's, which is locked meanwhile.
async function readInitModel(): Promise<void> {
  showMessage(null);
  const input = element<HTMLInputElement>('model-files');
  const files = [...(input.files ?? [])];
  initModel = null;
  if (files.length > 0) {
    try {
      const { artifacts, summary } = await readModelFiles(files);
      const shape = readTopology(artifacts.modelTopology);
      const hidden = shape.layers.slice(0, -1).map((layer) => layer.units).join(',') || 'none';
      initModel = { artifacts, summary, hidden, label: files.find((file) => file.name.endsWith('.json'))?.name ?? 'the uploaded model' };
    } catch (error) {
      showMessage(errorText(error));
    }
  }
  element('model-info').textContent = initModel ? `every run starts from this model: ${initModel.summary}` : '';
  drawDiagram();
  element('clear-model').hidden = initModel === null;
  fieldOf('hidden').disabled = initModel !== null;
  fieldOf('activation').disabled = initModel !== null;
  if (initModel) {
    fieldOf('hidden').value = initModel.hidden;
    editor.show(editor.train, layersOf(initModel.hidden));
  } else {
    input.value = '';
  }
  updateUrl();
}

function showDownloads(results: ExperimentResults): void {
  const link = element<HTMLAnchorElement>('download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([`${JSON.stringify(results, null, 1)}\n`], { type: 'application/json' }));
  const folds = results.config.heldOut === 'folds';
  element<HTMLSelectElement>('model-run').replaceChildren(...results.runs.map((run, i) => new Option(`${describeSet(run.train)}, seed ${run.seed}${folds ? `, fold ${run.fold}` : ''}`, String(i))));
}

// ---- The network diagram (web/network-diagram.ts) -------------------------------------------
// The selected set drawn on the network the settings describe; a click on a layer toggles it
// through the set editor, exactly as its checkbox does. It redraws when the hidden layers, the
// activation, the dataset, the selected set or one of its checkboxes change, and shows the
// latest gradient norms of the selected set's first run while a run goes on.
const diagram = new NetworkDiagram(element('network-diagram'), (layer) => editor.toggleLayer(editor.selected, layer));
/** Inputs and classes of the dataset in use (null while an upload is awaited), set by describeDataset. */
let diagramData: { features: number; classes: number } | null = null;
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
      hidden = parseHidden(fieldOf('hidden').value, 'hidden layers');
    } catch {
      return; // the field's message shows; the last drawing stays
    }
    if (!diagramData) {
      diagram.show(null);
      return;
    }
    shape = networkShape(diagramData, hidden, fieldOf('activation').value);
  }
  const parts = editor.selectedParts;
  if (parts.length !== shape.sizes.length - 1) return; // the editor has not been shown the new network yet
  diagram.show({ ...shape, parts, setName: editor.selectedName, color: setColor(editor.selected) });
  diagram.activity(latestGradNorms.get(editor.selected) ?? null);
}

/** Keeps the latest gradient norms of each set's first run, for the diagram's edges. */
function diagramActivity(message: ToPage): void {
  if (message.type === 'started') {
    latestGradNorms.clear();
    diagram.activity(null);
  } else if (message.type === 'epoch' && live) {
    const seen = new Set<number>();
    for (const update of message.runs) {
      const setIndex = live.slots[update.run].setIndex;
      if (seen.has(setIndex)) continue;
      seen.add(setIndex);
      latestGradNorms.set(setIndex, update.gradNorm);
    }
    if (activityScheduled) return;
    activityScheduled = true;
    requestAnimationFrame(() => {
      activityScheduled = false;
      diagram.activity(latestGradNorms.get(editor.selected) ?? null);
    });
  }
}

// Start: the link's settings, and a line for each value it gave that was refused.
const { settings: linked, problems } = readQuery(location.search);
const notes = [...problems, ...writeSettings(linked).map((set) => `the link's trainable set '${set}' names a layer the network (hidden layers ${linked.hidden}) lacks; it is left out`)];
if (linked.dataset === 'upload') notes.push(`this link was made with a CSV file of yours, which a link cannot carry: choose the file again (${SETTINGS.target.label} ${linked.target === '' ? 'the last column' : `'${linked.target}'`})`);
if (notes.length > 0) showMessage(notes.map((note) => note[0].toUpperCase() + note.slice(1)).join('. ') + '.');
updateUrl();
setButtons();
// The learning rate follows the optimizer's default (Keras's, as on the command line) until it is changed by hand.
let optimizerShown = fieldOf('optimizer').value as Settings['optimizer'];
fieldOf('optimizer').addEventListener('change', () => {
  const chosen = fieldOf('optimizer').value as Settings['optimizer'];
  if (Number(fieldOf('learningRate').value) === defaultLearningRate(optimizerShown)) fieldOf('learningRate').value = String(defaultLearningRate(chosen));
  optimizerShown = chosen;
});
void describeDataset();
fieldOf('dataset').addEventListener('change', () => { showMessage(null); void describeDataset(); updateUrl(); });
element('csv-file').addEventListener('change', () => void readUpload());
fieldOf('target').addEventListener('change', () => { if (element<HTMLInputElement>('csv-file').files?.[0]) void readUpload(); updateUrl(); });
fieldOf('hidden').addEventListener('change', () => {
  try {
    editor.show(editor.train, layersOf(fieldOf('hidden').value));
    showMessage(null);
  } catch (error) {
    showMessage(errorText(error));
  }
  updateUrl();
});
for (const id of ['pretrain', 'shift'] as const) fieldOf(id).addEventListener('change', showScenario);
element('scenario').addEventListener('change', () => { chooseScenario(editor); updateUrl(); });
element('settings').addEventListener('change', updateUrl);
fieldOf('pace').addEventListener('change', () => {
  if (running) coordinator.setPace(paceOf(fieldOf('pace').value));
  if (live) live.request.pace = paceOf(fieldOf('pace').value);
  updateUrl();
});
element('add-set').addEventListener('click', () => { editor.add(); updateUrl(); });
button('run').addEventListener('click', () => void start(false));
button('pause').addEventListener('click', () => {
  page.paused = !page.paused;
  page.heldAfter = null;
  if (page.paused) coordinator.pause();
  else coordinator.resume();
  setButtons();
  showProgress();
});
button('step').addEventListener('click', () => {
  if (!running) {
    void start(true);
    return;
  }
  page.paused = true;
  page.heldAfter = null;
  coordinator.step();
  setButtons();
});
element('model-files').addEventListener('change', () => void readInitModel());
element('clear-model').addEventListener('click', () => { element<HTMLInputElement>('model-files').value = ''; void readInitModel(); });
element('download-model').addEventListener('click', () => {
  const index = Number(element<HTMLSelectElement>('model-run').value);
  const run = page.results?.runs[index];
  const folds = page.results?.config.heldOut === 'folds';
  if (run && finishedModels[index]) downloadModel(finishedModels[index], `${run.train}-seed${run.seed}${folds ? `-fold${run.fold}` : ''}`);
});
button('stop').addEventListener('click', () => coordinator.stop());
button('race').addEventListener('click', () => void race());
editor.onSelect = drawDiagram;
fieldOf('activation').addEventListener('change', drawDiagram);
