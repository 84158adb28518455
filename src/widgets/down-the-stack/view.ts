// Draws "Your message, down the stack": the nested boxes (one per layer wrapping the message), the hex pane of the
// current unit, its fields as buttons that light their bytes, and the notes under it. Never talks to a socket:
// widget.ts hands it the stack built from the real emit, and the stage to show.
import type { StackResult } from '../../lib/net/down-the-stack.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { bytesOfField, describeCell, hexModel, type HexModel } from '../../lib/panes/hex-view/model.ts';
import { createHexPane, hexWidth } from '../../lib/panes/hex-view/view.ts';
import { fieldTags } from '../../lib/panes/hex-view/field-tags.ts';
import { fieldMarksText, illustrativeList } from '../../lib/net/marks.ts';
import { isLoopback, SHORT_NAME, STAGES, stageInfo, UNIT_NAME, type StepView } from './model.ts';

export interface StackView {
  /** A new emit's stack: labels the boxes and writes the notes; call show() next. */
  load(stack: StackResult, views: StepView[]): void;
  /** Draws stage `stage` (0..STAGES-1); `from` is the stage shown before, for the box that slides in. */
  show(stage: number, from: number): void;
}

export function createStackView(root: HTMLElement): StackView {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const stageLabel = $('[data-stage-label]');
  const fieldList = $<HTMLUListElement>('[data-fields]');
  const fieldsTitle = $('[data-fields-title]');
  const point = $('[data-point]');
  const notes = $<HTMLUListElement>('[data-notes]');
  const boxes = [...root.querySelectorAll<HTMLElement>('[data-box]')];
  const hexBox = $('[data-hex]');

  let views: StepView[] = [];
  let stack: StackResult | undefined;
  let current: StepView | undefined;
  let model: HexModel | undefined;

  const hex = createHexPane(hexBox, {
    label: 'The bytes of the current unit in hex. Arrow keys move between bytes.',
    onPoint(i) {
      if (!model || i === undefined) {
        lightField(undefined);
        return;
      }
      const id = model.cells[i].fields[0];
      hex.highlight(id === undefined ? [] : bytesOfField(model, id));
      for (const b of fieldList.querySelectorAll<HTMLElement>('button'))
        b.classList.toggle('hl', model.cells[i].fields.includes(Number(b.dataset.fieldId)));
      point.textContent = describeCell(model, i);
    },
    classify(i) {
      const v = current;
      return v && v.added.some((r) => i >= r.start && i < r.end) ? ['added'] : ['inner'];
    },
  });

  function lightField(id: number | undefined) {
    if (!model) return;
    hex.highlight(id === undefined ? [] : bytesOfField(model, id));
    for (const b of fieldList.querySelectorAll<HTMLElement>('button'))
      b.classList.toggle('hl', Number(b.dataset.fieldId) === id);
    if (id === undefined) {
      point.textContent = '';
      return;
    }
    const f = model.fields[id].field;
    point.textContent = `${f.name} = ${f.value}${fieldMarksText(f)}. ${f.description}`;
  }

  const fieldButton = (e: Event) => (e.target as HTMLElement).closest<HTMLElement>('button[data-field-id]');
  fieldList.addEventListener('mouseover', (e) => {
    const b = fieldButton(e);
    if (b) lightField(Number(b.dataset.fieldId));
  });
  fieldList.addEventListener('focusin', (e) => {
    const b = fieldButton(e);
    if (b) lightField(Number(b.dataset.fieldId));
  });
  fieldList.addEventListener('mouseleave', () => lightField(undefined));

  function renderFields(v: StepView) {
    fieldsTitle.textContent = v.index === 0 ? 'Socket.IO packet fields' : `Fields ${SHORT_NAME[v.id]} added`;
    fieldList.replaceChildren(
      ...v.fields.slice(0, v.own).map((f, id) => {
        const li = document.createElement('li');
        li.dataset.layer = f.layer;
        li.dataset.field = f.name;
        if (f.status) li.dataset.status = f.status;
        if (f.illustrative) li.dataset.illustrative = 'true';
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.fieldId = String(id);
        const name = document.createElement('span');
        name.className = 'f-name';
        name.textContent = f.name;
        const value = document.createElement('code');
        value.textContent = f.value;
        b.append(name, ': ', value);
        b.append(...fieldTags(f));
        const d = document.createElement('span');
        d.className = 'f-desc';
        d.textContent = f.description;
        b.append(d);
        li.append(b);
        return li;
      }),
    );
  }

  function labelBoxes() {
    boxes.forEach((box, i) => {
      const v = views[views.length - 1 - i];
      const text = box.querySelector<HTMLElement>('[data-hdr-text]')!;
      const added = v.added.reduce((n, r) => n + r.end - r.start, 0);
      const offWire =
        v.id === 'ethernet' && stack && isLoopback(stack.addresses, stack.ipv6) ? ' (none over loopback)' : '';
      text.textContent =
        v.index === 0
          ? `${UNIT_NAME[v.id]}, ${v.bytes.length} bytes`
          : `${SHORT_NAME[v.id]} header, ${added} byte${added === 1 ? '' : 's'}${offWire}`;
      box.querySelector('.tag-ill')?.remove();
      if (v.illustrative.length) {
        const t = document.createElement('span');
        t.className = 'tag-ill';
        t.textContent = illustrativeList(v.illustrative);
        text.after(t);
      }
    });
  }

  function renderNotes() {
    if (!stack) return;
    const loop = isLoopback(stack.addresses, stack.ipv6);
    root.dataset.loopback = String(loop);
    const lines = [
      ...(loop
        ? [
            'Your connection runs over loopback: the demo server is on this same computer, so there is no Ethernet here at all — no cable, no card, no radio.',
          ]
        : []),
      ...stack.notes,
      'Marked illustrative: values your browser cannot read (TCP sequence and acknowledgment numbers, window, timestamps, the IP identification and TTL, the WebSocket masking key, MAC addresses). They are chosen for the example; every length and checksum is computed from them, so the checksums are correct for these bytes.',
      'From the WebSocket frame outwards, the payload is shown masked, as it travels; the Engine.IO and Socket.IO fields describe what it says once unmasked.',
    ];
    if (stack.ipv6)
      lines.push(
        `Your connection uses IPv6, whose header is 40 bytes and has no checksum. These frames illustrate the same emit over IPv4, between ${stack.addresses.client} and ${stack.addresses.server}, keeping your real ports.`,
      );
    notes.replaceChildren(...lines.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
  }

  return {
    load(nextStack, nextViews) {
      stack = nextStack;
      views = nextViews;
      labelBoxes();
      renderNotes();
      boxes.forEach((b) => {
        b.dataset.on = 'false';
      });
    },
    show(stage, from) {
      const before = stageInfo(from);
      const { layer, direction } = stageInfo(stage);
      const v = (current = views[layer]);
      root.dataset.stage = String(stage);
      root.dataset.layer = v.id;
      root.dataset.direction = direction;
      // Box i (outermost = 0) wraps the message when its layer index (5 - i) is at or below the current one.
      boxes.forEach((box, i) => {
        const layerIndex = views.length - 1 - i;
        const on = layerIndex <= layer;
        const wasOn = box.dataset.on === 'true';
        box.dataset.on = String(on);
        box.dataset.current = String(layerIndex === layer);
        box.dataset.entering = String(
          on && !wasOn && !prefersReducedMotion() && layerIndex === layer && before.layer !== layer,
        );
      });
      const who = direction === 'down' ? 'Sender' : 'Receiver';
      stageLabel.textContent = `${who}, step ${stage + 1} of ${STAGES}: ${UNIT_NAME[v.id]} (${v.bytes.length} bytes)`;
      model = hexModel(v.bytes, v.fields, hexWidth(hexBox));
      hex.render(model);
      renderFields(v);
      point.textContent = '';
    },
  };
}
