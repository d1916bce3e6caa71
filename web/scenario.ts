// The fine-tuning scenario's presets: the select summarises the pretraining and shift
// fields; a preset fills them in, and fields set by hand (or by a link) show as the preset
// they match, or as "as set below".
import { fieldOf } from './form.js';
import { parseHidden } from '../src/experiments/experiment.js';
import type { SetsEditor } from './sets-editor.js';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const SCENARIO_SHIFTS: Record<string, string> = { input: 'input', label: 'label', noise: 'noise:0.5' };

/** Shows which preset the pretraining and shift fields match, and what it does, in words. */
export function showScenario(): void {
  const pretrain = fieldOf('pretrain').value.trim();
  const shift = fieldOf('shift').value;
  const scenario = element<HTMLSelectElement>('scenario');
  const match = pretrain === '' && shift === '' ? 'scratch'
    : pretrain !== '' ? Object.keys(SCENARIO_SHIFTS).find((key) => SCENARIO_SHIFTS[key] === shift) ?? 'custom' : 'custom';
  scenario.value = match;
  element('scenario-info').textContent = match === 'scratch' ? 'Every run starts from fresh weights on the data as it is.'
    : `Each fold's network is first trained on every layer for ${pretrain || '…'} epochs on its unshifted training rows; then the data are ${shift === 'input' ? 'shifted by a seeded invertible map of the features, which layer 1 alone can undo' : shift === 'label' ? 'relabelled by a seeded permutation of the classes, which the last layer alone can undo' : shift.startsWith('noise') ? `given Gaussian noise (${shift})` : 'left as they are'}, and each trainable set fine-tunes from that network.`;
}

/** Fills the fields (and the sets that tell the story) for the preset chosen. */
export function chooseScenario(editor: SetsEditor): void {
  const chosen = element<HTMLSelectElement>('scenario').value;
  if (chosen === 'scratch') {
    fieldOf('pretrain').value = '';
    fieldOf('shift').value = '';
    fieldOf('targetFraction').value = '';
  } else if (chosen in SCENARIO_SHIFTS) {
    if (fieldOf('pretrain').value.trim() === '') fieldOf('pretrain').value = String(fieldOf('epochs').value || 100);
    fieldOf('shift').value = SCENARIO_SHIFTS[chosen];
    // The sets that tell the story: every layer, the first alone (undoes an input shift), the last alone (a label shift).
    let layers = 3;
    try { layers = parseHidden(fieldOf('hidden').value).length + 1; } catch { /* kept as it is */ }
    editor.show(['all', '1', String(layers)], layers);
    showScenario();
    element('scenario-info').textContent += ` The trainable sets are now all layers, layer 1 only and layer ${layers} only: the sets this scenario compares.`;
    return;
  }
  showScenario();
}

