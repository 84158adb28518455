// Splits "use `socket.emit` here" into text and code parts, so plain-string props (self-check choices,
// misconception claims) can show code without letting authors inject HTML.
export type InlinePart = { code: boolean; text: string };

export function inlineCode(text: string): InlinePart[] {
  return text
    .split('`')
    .map((part, i) => ({ code: i % 2 === 1, text: part }))
    .filter((p) => p.text !== '');
}
