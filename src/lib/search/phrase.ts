// Pagefind ranks words, not phrases: for "head of line" the page that says exactly "head-of-line" could come
// last behind pages that merely use "head", "of" and "line". When a query of two or more words is not quoted,
// pages that contain the words as one phrase (spaces, hyphens or other punctuation between them) come first;
// the rest keep Pagefind's order (the sort is stable). Pure; ui.ts calls it.

export interface PhrasePage {
  content?: string;
  excerpt?: string;
  meta?: { title?: string };
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The query's words, when it is a phrase worth ranking (two or more words, not already quoted). */
export function phraseOf(query: string): string[] | null {
  if (/["“”]/.test(query)) return null;
  const w = words(query);
  return w.length >= 2 ? w : null;
}

export function containsPhrase(text: string, phrase: readonly string[]): boolean {
  const w = words(text);
  outer: for (let i = 0; i + phrase.length <= w.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (w[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

export function phraseFirst<T extends PhrasePage>(query: string, pages: readonly T[]): T[] {
  const phrase = phraseOf(query);
  if (!phrase) return [...pages];
  const has = (p: T) => containsPhrase(`${p.meta?.title ?? ''} ${p.content ?? p.excerpt ?? ''}`, phrase);
  return [...pages].sort((a, b) => Number(has(b)) - Number(has(a)));
}
