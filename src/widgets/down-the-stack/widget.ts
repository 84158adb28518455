// Mounts "Your message, down the stack": one virtual client (WebSocket only) in a lab; each send is a real
// emit that the server acknowledges with the raw packet it received. The bytes below Socket.IO are built
// with buildStack from that packet and the connection's real 4-tuple (conn:info); what user space cannot
// see is marked illustrative.
import type { ConnectionInfo, StackEcho } from '../../contract/index.ts';
import { buildStack, type StackResult } from '../../lib/net/down-the-stack.ts';
import { prefersReducedMotion } from '../../lib/island.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';
import { announceGoal, frame } from '../../lib/widget-frame.ts';
import { hexModel, bytesOfField, describeCell, type HexModel } from '../hex-view/model.ts';
import { hexWidth } from '../hex-view/view.ts';
import { createHexPane } from '../hex-view/view.ts';
import { describeStep, isLoopback, readEchoedPacket, SHORT_NAME, STAGES, stageInfo, stepViews, UNIT_NAME, type StepView } from './model.ts';
import { fieldTags } from '../hex-view/field-tags.ts';
import { fieldMarksText, illustrativeList } from '../../lib/net/marks.ts';

const STEP_MS = 1400;

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const form = $<HTMLFormElement>('[data-send-form]');
  const sendButton = $<HTMLButtonElement>('[data-send]');
  const prev = $<HTMLButtonElement>('[data-prev]');
  const next = $<HTMLButtonElement>('[data-next]');
  const play = $<HTMLButtonElement>('[data-play]');
  const stageLabel = $('[data-stage-label]');
  const conn = $('[data-conn]');
  const fieldList = $<HTMLUListElement>('[data-fields]');
  const fieldsTitle = $('[data-fields-title]');
  const point = $('[data-point]');
  const notes = $<HTMLUListElement>('[data-notes]');
  const unitText = $('[data-unit-text]');
  const boxes = [...root.querySelectorAll<HTMLElement>('[data-box]')];

  let session: LabSession | undefined;
  let info: ConnectionInfo | undefined;
  let views: StepView[] = [];
  let stack: StackResult | undefined;
  let stage = 0;
  let model: HexModel | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sends = 0;
  let autoSent = false;

  const view = () => views[stageInfo(stage).layer];

  const hexBox = $('[data-hex]');
  const hex = createHexPane(hexBox, {
    label: 'The bytes of the current unit in hex. Arrow keys move between bytes.',
    onPoint(i) {
      if (!model || i === undefined) { lightField(undefined); return; }
      const id = model.cells[i].fields[0];
      hex.highlight(id === undefined ? [] : bytesOfField(model, id));
      for (const b of fieldList.querySelectorAll<HTMLElement>('button')) b.classList.toggle('hl', model.cells[i].fields.includes(Number(b.dataset.fieldId)));
      point.textContent = describeCell(model, i);
    },
    classify(i) {
      const v = view();
      return v && v.added.some((r) => i >= r.start && i < r.end) ? ['added'] : ['inner'];
    },
  });

  function lightField(id: number | undefined) {
    if (!model) return;
    hex.highlight(id === undefined ? [] : bytesOfField(model, id));
    for (const b of fieldList.querySelectorAll<HTMLElement>('button')) b.classList.toggle('hl', Number(b.dataset.fieldId) === id);
    if (id === undefined) { point.textContent = ''; return; }
    const f = model.fields[id].field;
    point.textContent = `${f.name} = ${f.value}${fieldMarksText(f)}. ${f.description}`;
  }

  fieldList.addEventListener('mouseover', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('button[data-field-id]');
    if (b) lightField(Number(b.dataset.fieldId));
  });
  fieldList.addEventListener('focusin', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('button[data-field-id]');
    if (b) lightField(Number(b.dataset.fieldId));
  });
  fieldList.addEventListener('mouseleave', () => lightField(undefined));

  function showStage(nextStage: number, announce = true) {
    if (!views.length) return;
    const before = stageInfo(stage);
    stage = Math.max(0, Math.min(STAGES - 1, nextStage));
    const { layer, direction } = stageInfo(stage);
    const v = views[layer];
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
      box.dataset.entering = String(on && !wasOn && !prefersReducedMotion() && layerIndex === layer && before.layer !== layer);
    });
    const who = direction === 'down' ? 'Sender' : 'Receiver';
    stageLabel.textContent = `${who}, step ${stage + 1} of ${STAGES}: ${UNIT_NAME[v.id]} (${v.bytes.length} bytes)`;
    prev.disabled = stage === 0;
    next.disabled = stage === STAGES - 1;
    model = hexModel(v.bytes, v.fields, hexWidth(hexBox));
    hex.render(model);
    renderFields(v);
    point.textContent = '';
    if (announce) {
      const text = direction === 'down' ? describeStep(v, views[layer - 1], 'down') : describeStep(views[layer + 1], v, 'up') + (layer === 0 ? ' Socket.IO calls the server’s handler for the event.' : '');
      ui.log(text, 'info', { kind: 'step', stage: String(stage) });
    }
    if (stage === STAGES - 1) announceGoal('stack:walked');
  }

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
      const offWire = v.id === 'ethernet' && stack && isLoopback(stack.addresses, stack.ipv6) ? ' (none over loopback)' : '';
      text.textContent = v.index === 0 ? `${UNIT_NAME[v.id]}, ${v.bytes.length} bytes` : `${SHORT_NAME[v.id]} header, ${added} byte${added === 1 ? '' : 's'}${offWire}`;
      box.querySelector('.tag-ill')?.remove();
      if (v.illustrative.length) {
        const t = document.createElement('span');
        t.className = 'tag-ill';
        t.textContent = illustrativeList(v.illustrative);
        text.after(t);
      }
    });
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = undefined;
    play.textContent = 'Play';
  }

  prev.addEventListener('click', () => { stop(); showStage(stage - 1); });
  next.addEventListener('click', () => { stop(); showStage(stage + 1); });
  play.addEventListener('click', () => {
    if (timer) return stop();
    play.textContent = 'Pause';
    if (stage === STAGES - 1) showStage(0);
    timer = setInterval(() => (stage >= STAGES - 1 ? stop() : showStage(stage + 1)), STEP_MS);
  });
  root.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (t.closest('input, textarea, [role=grid]')) return;
    if (e.key === 'PageDown' || (e.key === 'ArrowRight' && t.closest('.stage-bar'))) { e.preventDefault(); next.click(); }
    if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && t.closest('.stage-bar'))) { e.preventDefault(); prev.click(); }
  });

  function showConnection() {
    const client = session?.clients[0];
    if (!client) return;
    const ready = Boolean(client.lab && client.connection.status === 'connected' && info);
    sendButton.disabled = !ready;
    if (client.connection.status === 'unreachable') ui.setState('unreachable', 'Demo server unreachable.');
    else if (ready) ui.setState('connected', `Live: one real WebSocket connection in lab ${session?.labId()}.`);
    else ui.setState('partial', describeConnection('Your client', client.connection));
    if (info) {
      conn.textContent = `As the server saw it: your client ${info.client.address} port ${info.client.port} → server ${info.server.address} port ${info.server.port}, over ${info.transport}.`;
      root.dataset.clientPort = String(info.client.port);
      root.dataset.serverPort = String(info.server.port);
    }
  }

  async function refreshInfo() {
    const client = session?.clients[0];
    if (!client) return;
    const res = await request(client.socket, 'conn:info', {});
    if (res.ok) info = res.data;
    else ui.log(`conn:info failed: ${res.error}`, 'bad');
    showConnection();
  }

  async function send(text: string) {
    const client = session?.clients[0];
    if (!client || !text) return;
    stop();
    sendButton.disabled = true;
    await refreshInfo(); // the 4-tuple of the connection carrying this emit (it changes after a reconnect)
    ui.log(`You emitted “${text}” as the event "stack:echo".`, 'info', { kind: 'emit' });
    const res = await request(client.socket, 'stack:echo', { text });
    sendButton.disabled = false;
    if (!res.ok) { ui.log(`The server refused it: ${res.error}`, 'bad', { kind: 'refused' }); return; }
    const read = readEchoedPacket(res.data.packet);
    if (!read.ok || !info) { ui.log(`Could not read what the server received: ${read.ok ? 'no connection info' : read.error}.`, 'bad'); return; }
    stack = buildStack({ event: read.event, args: read.args, ackId: read.ackId, namespace: read.namespace === '/' ? undefined : read.namespace, client: info.client, server: info.server, seed: ++sends });
    views = stepViews(stack);
    const rebuilt = new TextDecoder().decode(stack.steps[0].bytes);
    const same = rebuilt === res.data.packet;
    root.dataset.verified = String(same);
    root.dataset.sends = String(sends);
    unitText.textContent = rebuilt;
    ui.log(`The server received ${res.data.packet} over ${res.data.transport}${same ? '; the Socket.IO packet below is byte for byte the same.' : '; the rebuilt packet differs, so the bytes below are approximate.'}`, same ? 'ok' : 'bad', { kind: 'received' });
    labelBoxes();
    renderNotes();
    boxes.forEach((b) => { b.dataset.on = 'false'; });
    stage = 0;
    showStage(0);
    [prev, next].forEach((b) => { b.disabled = false; });
    prev.disabled = true;
    play.disabled = prefersReducedMotion();
    play.title = play.disabled ? 'Your system asks for reduced motion: use Next and Previous.' : '';
    announceGoal('stack:sent');
  }

  function renderNotes() {
    if (!stack) return;
    const loop = isLoopback(stack.addresses, stack.ipv6);
    root.dataset.loopback = String(loop);
    const lines = [
      ...(loop ? ['Your connection runs over loopback: the demo server is on this same computer, so there is no Ethernet here at all — no cable, no card, no radio.'] : []),
      ...stack.notes,
      'Marked illustrative: values your browser cannot read (TCP sequence and acknowledgment numbers, window, timestamps, the IP identification and TTL, the WebSocket masking key, MAC addresses). They are chosen for the example; every length and checksum is computed from them, so the checksums are correct for these bytes.',
      'From the WebSocket frame outwards, the payload is shown masked, as it travels; the Engine.IO and Socket.IO fields describe what it says once unmasked.',
    ];
    if (stack.ipv6) lines.push(`Your connection uses IPv6, whose header is 40 bytes and has no checksum. These frames illustrate the same emit over IPv4, between ${stack.addresses.client} and ${stack.addresses.server}, keeping your real ports.`);
    notes.replaceChildren(...lines.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (text) void send(text);
  });

  async function start(labId?: string) {
    session?.close();
    info = undefined;
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'down-the-stack',
      names: ['You'],
      labId,
      socketOptions: { transports: ['websocket'] },
      onConnection: () => showConnection(),
      onLab: async () => {
        ui.showLab(session?.labId(), () => void start());
        await refreshInfo();
        if (!autoSent && !sendButton.disabled) {
          autoSent = true;
          void send(String(new FormData(form).get('text') ?? 'hello').trim() || 'hello');
        }
      },
      onError: (message) => ui.log(message, 'bad'),
    });
  }

  void start(labFromUrl(root.id));
}
