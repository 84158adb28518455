// The rooms graph's colour pairs, as theme tokens (custom properties of src/styles/global.css): every SVG text
// the view draws over a fill is listed here, so a unit test can check each pair's contrast in both themes.

/** Each client's colour, in client order: the node's ring, and its fill when it received the last fire. */
export const LANE_TOKENS = ['lane-1', 'lane-2', 'lane-3', 'lane-4'] as const;

/** The socket id inside a lit (received) node: drawn on the lane colour. */
export const LIT_ID_TEXT = 'bg';

/** Text over a fill, both as tokens: [what it is, text token, fill token]. */
export const GRAPH_TEXT_PAIRS: ReadonlyArray<readonly [string, string, string]> = [
  ...LANE_TOKENS.map((lane) => [`socket id on a lit ${lane} node`, LIT_ID_TEXT, lane] as const),
  ['socket id on an unlit node', 'muted', 'surface'],
  ['client name under a node', 'text', 'bg'],
  ['box label', 'text', 'surface-2'],
  ['targeted room label', 'text', 'accent-soft'],
  ['excluded room label', 'text', 'bad-soft'],
  ['note under the lab box', 'muted', 'bg'],
];

export const cssVar = (token: string) => `var(--${token})`;
