// Mounts the packet dissector: sample or pasted hex → dissect → three linked panes (tree, details, hex).
// Everything is local and pure; the URL keeps the sample, the pasted hex and the flipped bytes.
import type { Field } from '../../lib/net/fields.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { announceGoal } from '../../lib/widget/widget-frame.ts';
import { bytesOfField, hexModel, primaryField, type HexModel } from '../../lib/panes/hex-view/model.ts';
import { createHexPane, hexWidth } from '../../lib/panes/hex-view/view.ts';
import {
  checksums,
  fromState,
  layerTree,
  load,
  toggleFlip,
  toState,
  VERDICT_TEXT,
  type DissectorInput,
  type Loaded,
} from './model.ts';
import { createTreePane, type TreeTarget } from './view.ts';
import { fieldTags } from '../../lib/panes/hex-view/field-tags.ts';
import { VERDICT_CLASS, VERDICT_TAG } from '../../lib/net/marks.ts';
import { count } from '../../lib/plural.ts';

const LAYER_NAME: Record<string, string> = { ipv4: 'IPv4', tcp: 'TCP', udp: 'UDP' };

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const sampleSelect = $<HTMLSelectElement>('[data-sample]');
  const hexInput = $<HTMLTextAreaElement>('[data-hex-input]');
  const pasteForm = $<HTMLFormElement>('[data-paste]');
  const flipButton = $<HTMLButtonElement>('[data-flip]');
  const unflipButton = $<HTMLButtonElement>('[data-unflip]');
  const checksumList = $<HTMLUListElement>('[data-checksums]');
  const errorBox = $<HTMLElement>('[data-errors]');
  const details = $<HTMLElement>('[data-details]');
  const live = $<HTMLElement>('[data-live]');
  const title = $<HTMLElement>('[data-title]');

  let input: DissectorInput = fromState(setup.saved);
  let loaded: Loaded | undefined;
  let model: HexModel | undefined;
  let selected: TreeTarget | undefined;
  let lastByte = 0;

  const say = (text: string) => {
    live.textContent = text;
  };

  const bytesOf = (t: TreeTarget | undefined): number[] => {
    if (!t || !loaded?.ok || !model) return [];
    if (t.kind === 'field') return bytesOfField(model, t.id);
    const layer = loaded.dissection.layers[t.index];
    return layer ? Array.from({ length: layer.byteLength }, (_, i) => layer.byteOffset + i) : [];
  };

  const showDetails = (t: TreeTarget | undefined) => {
    if (!t || !loaded?.ok) {
      details.replaceChildren(
        para('Pick a layer or field in the tree, or a byte in the hex, to read what it means.', 'muted'),
      );
      return;
    }
    if (t.kind === 'layer') {
      const l = loaded.dissection.layers[t.index];
      details.replaceChildren(
        heading(l.title),
        para(
          `Bytes ${l.byteOffset}–${l.byteOffset + l.byteLength - 1} (${l.byteLength} bytes): this layer’s header and everything it carries. ${l.fields.length} fields.`,
        ),
      );
      return;
    }
    const f: Field = loaded.fields[t.id];
    const firstBit = f.bitOffset,
      lastBit = f.bitOffset + f.bitLength - 1;
    const where =
      f.bitOffset % 8 === 0 && f.bitLength % 8 === 0
        ? `bytes ${f.bitOffset / 8}–${(f.bitOffset + f.bitLength) / 8 - 1} (${f.bitLength / 8} byte${f.bitLength === 8 ? '' : 's'})`
        : `bits ${firstBit}–${lastBit} (${count(f.bitLength, 'bit')}, in byte ${Math.floor(firstBit / 8)})`;
    const parts = [heading(f.name), valueLine(f), para(`Position: ${where}.`), para(f.description)];
    if (f.illustrative) parts.push(para('Illustrative: this value was chosen for the example, not observed.', 'muted'));
    details.replaceChildren(...parts);
    details.dataset.field = f.name;
  };

  const hex = createHexPane($('[data-hex]'), {
    label: 'Packet bytes in hex. Arrow keys move between bytes; Enter selects the field.',
    onPoint(i, via) {
      if (!model) return;
      if (i === undefined) {
        restore();
        return;
      }
      if (via === 'focus') lastByte = i;
      updateFlipButton();
      const id = primaryField(model, i);
      const t: TreeTarget | undefined = id === undefined ? undefined : { kind: 'field', id };
      hex.highlight(bytesOf(t));
      tree.mark(model.cells[i].fields);
      showDetails(t);
    },
    onActivate(i) {
      if (!model) return;
      const id = primaryField(model, i);
      if (id !== undefined) choose({ kind: 'field', id }, false);
      // The byte itself, not its field's first byte: a click must reach the 2nd–4th byte of an address.
      lastByte = i;
      updateFlipButton();
    },
  });

  const tree = createTreePane($('[data-tree]'), {
    select: (t) => choose(t, false, false),
    point(t) {
      if (!t) {
        restore();
        return;
      }
      hex.highlight(bytesOf(t));
      tree.mark(t.kind === 'field' ? [t.id] : []);
      showDetails(t);
    },
  });

  /** Back to the persistent selection after a hover ends. */
  function restore() {
    hex.highlight(bytesOf(selected));
    tree.mark([]);
    showDetails(selected);
  }

  function choose(t: TreeTarget, focusTree: boolean, reveal = true) {
    selected = t;
    if (reveal || focusTree) tree.select(t, focusTree);
    const bytes = bytesOf(t);
    hex.highlight(bytes);
    tree.mark([]);
    showDetails(t);
    if (bytes.length) {
      lastByte = bytes[0];
      updateFlipButton();
    }
  }

  function updateFlipButton() {
    const n = loaded?.ok ? loaded.bytes.length : 0;
    flipButton.disabled = n === 0;
    flipButton.textContent = `Flip the last bit of byte ${lastByte}`;
    unflipButton.disabled = input.flips.length === 0;
  }

  function run(reason: string, remember = true) {
    loaded = load(input);
    // Only what the learner chose goes in the address bar; opening the page leaves the URL alone.
    if (remember) setup.save(toState(input));
    root.dataset.source = input.sample ?? 'hex';
    root.dataset.flips = input.flips.join(',');
    errorBox.replaceChildren();
    if (!loaded.ok) {
      model = undefined;
      root.dataset.state = 'error';
      title.textContent = 'Nothing to show';
      checksumList.replaceChildren();
      hex.render(hexModel(new Uint8Array(0), []));
      tree.render([], [], []);
      showDetails(undefined);
      errorBox.append(para(`Could not read that hex: ${loaded.error}.`, 'bad'));
      errorBox.dataset.count = '1';
      say(`Could not read that hex: ${loaded.error}.`);
      updateFlipButton();
      return;
    }
    const { bytes, dissection, fields } = loaded;
    model = hexModel(bytes, fields, hexWidth($('[data-hex]')));
    root.dataset.state = dissection.errors.length ? 'partial' : 'ok';
    title.textContent = `${loaded.title}: ${bytes.length} bytes`;
    hex.render(model);
    tree.render(
      layerTree(dissection),
      fields,
      dissection.layers.map((l) => l.id),
    );
    errorBox.dataset.count = String(dissection.errors.length);
    for (const e of dissection.errors) errorBox.append(para(e.message, 'bad'));
    const verdicts = checksums(fields);
    checksumList.replaceChildren(
      ...verdicts.map((v) => {
        const li = document.createElement('li');
        li.dataset.checksum = v.layer;
        li.dataset.verdict = v.verdict;
        const mark = document.createElement('span');
        mark.className = VERDICT_CLASS[v.verdict];
        mark.textContent = VERDICT_TAG[v.verdict];
        li.append(`${LAYER_NAME[v.layer] ?? v.layer} ${v.name.toLowerCase()} ${v.value}: `, mark);
        return li;
      }),
    );
    if (!verdicts.length)
      checksumList.append(
        Object.assign(document.createElement('li'), { textContent: 'No checksums found in what was decoded.' }),
      );
    selected = undefined;
    if (lastByte >= bytes.length) lastByte = 0;
    restore();
    updateFlipButton();
    const sums = verdicts.map((v) => `${v.layer} ${VERDICT_TEXT[v.verdict]}`).join(', ');
    say(
      `${reason} ${dissection.layers.length} layers${dissection.errors.length ? `, ${dissection.errors.length} problem${dissection.errors.length > 1 ? 's' : ''}: ${dissection.errors[0].message}` : ''}. Checksums: ${sums || 'none'}.`,
    );
    if (verdicts.some((v) => v.verdict === 'bad')) announceGoal('dissector:checksum-wrong');
  }

  sampleSelect.value = input.sample ?? '';
  if (input.hex !== undefined) hexInput.value = input.hex;
  sampleSelect.addEventListener('change', () => {
    if (!sampleSelect.value) {
      hexInput.focus();
      return;
    }
    input = { sample: sampleSelect.value as DissectorInput['sample'], flips: [] };
    run(`Loaded ${sampleSelect.selectedOptions[0]?.textContent ?? 'sample'}.`);
  });
  pasteForm.addEventListener('submit', (e) => {
    e.preventDefault();
    input = { hex: hexInput.value, flips: [] };
    sampleSelect.value = '';
    run('Dissected your bytes.');
  });
  flipButton.addEventListener('click', () => {
    input = { ...input, flips: toggleFlip(input.flips, lastByte) };
    const on = input.flips.includes(lastByte);
    const keep = lastByte;
    run(on ? `Flipped the last bit of byte ${keep}.` : `Flipped byte ${keep} back.`);
    lastByte = keep;
    updateFlipButton();
    hex.focusByte(keep);
  });
  unflipButton.addEventListener('click', () => {
    input = { ...input, flips: [] };
    run('Undid every flip.');
  });

  run('Loaded.', false);
  root.dataset.ready = 'true';
}

function para(text: string, tone?: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (tone) p.className = tone;
  return p;
}

function heading(text: string): HTMLElement {
  const h = document.createElement('p');
  h.className = 'd-title';
  h.textContent = text;
  return h;
}

function valueLine(f: Field): HTMLElement {
  const p = document.createElement('p');
  const code = document.createElement('code');
  code.textContent = f.value;
  p.append('Value: ', code);
  p.append(...fieldTags(f));
  return p;
}
