// The trainable-set editor: one row per set, a checkbox per layer, and a radio choosing the
// set the network diagram shows. While training runs, a change is sent to the worker and
// applies from the next epoch. The diagram's clicks go through toggleLayer, which clicks the
// checkbox itself: one mechanism, whichever way a layer is frozen.
import { formatTrainSet, parseTrainSets, describeSet } from '../src/experiments/train-sets.js';
import { setColor } from '../src/plot/palette.js';

type Parts = { kernel: boolean; bias: boolean }[];

export class SetsEditor {
  private sets: Parts[] = [];
  private layers = 3;
  private selectedIndex = 0;

  /**
   * Called with the selected set's index whenever the selection, or what the selected set
   * trains, changes (a radio, a checkbox, rows rebuilt): what a view of that set redraws on.
   */
  onSelect: (index: number) => void = () => {};

  constructor(private readonly root: HTMLElement, private readonly onChange: (index: number, train: string) => void) {}

  /**
   * Shows these sets (CLI notation) for a network of `layers` layers; sets that do not fit
   * are dropped, and returned, so that a caller can say so.
   */
  show(train: string[], layers: number): string[] {
    this.layers = layers;
    this.sets = [];
    const dropped: string[] = [];
    for (const text of train) {
      try {
        this.sets.push(...parseTrainSets(text, layers).map((set) => set.parts));
      } catch {
        // A set naming a layer the new network lacks is dropped rather than refused.
        dropped.push(text);
      }
    }
    if (this.sets.length === 0) this.sets.push(parseTrainSets('all', layers)[0].parts);
    this.render();
    return dropped;
  }

  /** The sets in CLI notation. */
  get train(): string[] {
    return this.sets.map(formatTrainSet);
  }

  /** The index of the set the diagram shows. */
  get selected(): number {
    return this.selectedIndex;
  }

  /** What the selected set trains, per layer (a copy). */
  get selectedParts(): Parts {
    return (this.sets[this.selectedIndex] ?? []).map((part) => ({ ...part }));
  }

  /** The selected set in words ('all layers', 'layer 1 only'). */
  get selectedName(): string {
    const parts = this.sets[this.selectedIndex];
    return parts ? describeSet(formatTrainSet(parts)) : '';
  }

  /** Shows set `index` in the diagram. */
  select(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.sets.length) throw new RangeError(`there is no set ${index + 1}: the editor has ${this.sets.length}`);
    this.selectedIndex = index;
    const radio = this.root.querySelector<HTMLInputElement>(`input[type=radio][value="${index}"]`);
    if (radio) radio.checked = true;
    this.onSelect(index);
  }

  /**
   * Freezes layer `layer` (1-based) of set `setIndex` if any of it trains, or makes it
   * trainable: exactly what clicking its checkbox does (the change reaches onChange, the
   * form's listeners and, mid-run, the worker).
   */
  toggleLayer(setIndex: number, layer: number): void {
    const box = this.root.querySelector<HTMLInputElement>(`input[type=checkbox][name="set-${setIndex}-layer-${layer}"]`);
    if (!box) throw new RangeError(`set ${setIndex + 1} has no layer ${layer}`);
    box.click();
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
    this.selectedIndex = Math.min(this.selectedIndex, this.sets.length - 1);
    this.sets.forEach((parts, index) => {
      const row = document.createElement('div');
      row.className = 'set-row';
      row.dataset.set = String(index);
      const pick = document.createElement('label');
      pick.className = 'set-pick';
      pick.title = 'show this set in the network diagram';
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'diagram-set';
      radio.value = String(index);
      radio.checked = index === this.selectedIndex;
      radio.addEventListener('change', () => { if (radio.checked) this.select(index); });
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = setColor(index);
      const name = document.createElement('span');
      name.className = 'set-name';
      pick.append(radio, swatch, name);
      row.append(pick);
      const boxes: HTMLInputElement[] = [];
      let remove: HTMLButtonElement | null = null;
      // The set's name labels its row's controls, so that a screen reader hears which set a checkbox belongs to.
      const labelRow = (): void => {
        const words = describeSet(formatTrainSet(parts));
        name.textContent = words;
        radio.setAttribute('aria-label', `show '${words}' in the diagram`);
        boxes.forEach((box, l) => box.setAttribute('aria-label', `${words}: layer ${l + 1}`));
        remove?.setAttribute('aria-label', `remove set '${words}'`);
      };
      parts.forEach((part, l) => {
        const label = document.createElement('label');
        label.className = 'layer-box';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.name = `set-${index}-layer-${l + 1}`;
        box.checked = part.kernel || part.bias;
        box.indeterminate = part.kernel !== part.bias;
        box.addEventListener('change', () => {
          parts[l] = { kernel: box.checked, bias: box.checked };
          labelRow();
          this.onChange(index, formatTrainSet(parts));
          if (index === this.selectedIndex) this.onSelect(index);
        });
        boxes.push(box);
        label.append(box, ` layer ${l + 1}`);
        row.append(label);
      });
      if (this.sets.length > 1) {
        remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'remove-set';
        remove.title = 'remove this set';
        remove.textContent = '×';
        remove.addEventListener('click', () => {
          this.sets.splice(index, 1);
          // The diagram keeps showing the set it showed, unless that set is the one removed.
          if (index < this.selectedIndex) this.selectedIndex--;
          this.render();
          this.onChange(-1, '');
        });
        row.append(remove);
      }
      labelRow();
      this.root.append(row);
    });
    this.onSelect(this.selectedIndex);
  }
}
