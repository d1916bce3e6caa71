// The trainable-set editor: one row per set, a checkbox per layer. While training
// runs, a change is sent to the worker and applies from the next epoch.
import { formatTrainSet, parseTrainSets, describeSet } from '../src/experiments/train-sets.js';
import { setColor } from '../src/plot/palette.js';

export class SetsEditor {
  private sets: { kernel: boolean; bias: boolean }[][] = [];
  private layers = 3;

  constructor(private readonly root: HTMLElement, private readonly onChange: (index: number, train: string) => void) {}

  /** Shows these sets (CLI notation) for a network of `layers` layers; sets that do not fit are dropped. */
  show(train: string[], layers: number): void {
    this.layers = layers;
    this.sets = [];
    for (const text of train) {
      try {
        this.sets.push(...parseTrainSets(text, layers).map((set) => set.parts));
      } catch {
        // A set naming a layer the new network lacks is dropped rather than refused.
      }
    }
    if (this.sets.length === 0) this.sets.push(parseTrainSets('all', layers)[0].parts);
    this.render();
  }

  /** The sets in CLI notation. */
  get train(): string[] {
    return this.sets.map(formatTrainSet);
  }

  /** Adds a set training every layer. */
  add(): void {
    this.sets.push(parseTrainSets('all', this.layers)[0].parts);
    this.render();
  }

  /** Enables or disables adding and removing sets (while a run goes on, only checkboxes change). */
  lockStructure(locked: boolean): void {
    this.root.querySelectorAll<HTMLButtonElement>('button').forEach((button) => { button.disabled = locked; });
  }

  private render(): void {
    this.root.replaceChildren();
    this.sets.forEach((parts, index) => {
      const row = document.createElement('div');
      row.className = 'set-row';
      row.dataset.set = String(index);
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = setColor(index);
      const name = document.createElement('span');
      name.className = 'set-name';
      name.textContent = describeSet(formatTrainSet(parts));
      row.append(swatch, name);
      parts.forEach((part, l) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.name = `set-${index}-layer-${l + 1}`;
        box.checked = part.kernel || part.bias;
        box.indeterminate = part.kernel !== part.bias;
        box.addEventListener('change', () => {
          parts[l] = { kernel: box.checked, bias: box.checked };
          name.textContent = describeSet(formatTrainSet(parts));
          this.onChange(index, formatTrainSet(parts));
        });
        label.append(box, ` layer ${l + 1}`);
        row.append(label);
      });
      if (this.sets.length > 1) {
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'remove-set';
        remove.title = 'remove this set';
        remove.textContent = '×';
        remove.addEventListener('click', () => {
          this.sets.splice(index, 1);
          this.render();
          this.onChange(-1, '');
        });
        row.append(remove);
      }
      this.root.append(row);
    });
  }
}
