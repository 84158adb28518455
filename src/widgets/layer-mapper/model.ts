// Pure state of the layer mapper: which item sits in which layer of each model, and the verdict with its
// explanation for every placement. No DOM.
import { ITEMS, MODELS, type Item, type ModelId } from './data.ts';

export interface MapperState {
  model: ModelId;
  /** itemId → layerId, kept per model so switching models does not lose work. */
  placed: Record<ModelId, Record<string, string>>;
  /** The item picked and waiting for a layer. */
  picked?: string;
}

export interface Verdict {
  itemId: string;
  layerId: string;
  correct: boolean;
  message: string;
}

export const initialState = (model: ModelId = 'osi'): MapperState => ({ model, placed: { osi: {}, tcpip: {} } });

export const itemById = (id: string): Item | undefined => ITEMS.find((i) => i.id === id);

export function layerName(model: ModelId, layerId: string): string {
  const layer = MODELS[model].layers.find((l) => l.id === layerId);
  if (!layer) return layerId;
  return model === 'osi' ? `layer ${layer.number}, ${layer.name}` : `${layer.name} layer`;
}

export function judge(model: ModelId, itemId: string, layerId: string): Verdict {
  const item = itemById(itemId);
  if (!item) return { itemId, layerId, correct: false, message: `Unknown item “${itemId}”.` };
  const p = item[model];
  const correct = p.accept.includes(layerId);
  const right = p.accept.map((l) => layerName(model, l)).join(' or ');
  const message = correct
    ? `Right: ${item.label} in ${layerName(model, layerId)}. ${p.why}${item.fuzzy && p.accept.length === 1 ? ' (This one is fuzzy; see the lesson.)' : ''}`
    : `Not quite: ${item.label} is not in ${layerName(model, layerId)}. ${p.traps?.[layerId] ?? ''} It belongs in ${right}. ${p.why}`.replace(
        /\s+/g,
        ' ',
      );
  return { itemId, layerId, correct, message };
}

export const pick = (state: MapperState, itemId: string | undefined): MapperState => ({ ...state, picked: itemId });

export function place(state: MapperState, itemId: string, layerId: string): { state: MapperState; verdict: Verdict } {
  const verdict = judge(state.model, itemId, layerId);
  const placed = { ...state.placed, [state.model]: { ...state.placed[state.model], [itemId]: layerId } };
  return { state: { ...state, placed, picked: undefined }, verdict };
}

export function unplace(state: MapperState, itemId: string): MapperState {
  const mine = { ...state.placed[state.model] };
  delete mine[itemId];
  return { ...state, placed: { ...state.placed, [state.model]: mine } };
}

export const switchModel = (state: MapperState, model: ModelId): MapperState => ({
  ...state,
  model,
  picked: undefined,
});

export function score(state: MapperState): { placed: number; correct: number; total: number } {
  const mine = state.placed[state.model];
  const ids = Object.keys(mine);
  return {
    placed: ids.length,
    correct: ids.filter((id) => judge(state.model, id, mine[id]).correct).length,
    total: ITEMS.length,
  };
}

/** Items in a layer of the current model, in list order. */
export function itemsIn(state: MapperState, layerId: string): Item[] {
  const mine = state.placed[state.model];
  return ITEMS.filter((i) => mine[i.id] === layerId);
}

export const unplaced = (state: MapperState): Item[] => ITEMS.filter((i) => !(i.id in state.placed[state.model]));

/** Places every item where it belongs: the "show answers" button. */
export function solved(state: MapperState): MapperState {
  const mine: Record<string, string> = {};
  for (const i of ITEMS) mine[i.id] = i[state.model].accept[0];
  return { ...state, placed: { ...state.placed, [state.model]: mine }, picked: undefined };
}
