// Names learners choose ("Alice", a chat nickname): which characters a name may not contain, the form it is
// stored in, and the skeleton two names are compared by, so "Alice" and "Аlice" (Cyrillic А) count as the same.
// Pure functions, no Socket.IO. Simplification: the confusables table covers the common Latin look-alikes in
// Cyrillic and Greek (and what NFKC already folds: fullwidth, mathematical letters), not all of Unicode's
// confusables.txt (UTS #39).

/**
 * Characters that show nothing or change how text around them shows: format characters (Cf: zero-width space
 * and joiners, bidi controls, soft hyphen, tags), line and paragraph separators, other controls, variation
 * selectors, the Braille blank and the Hangul fillers, which render as empty space.
 */
// Combining characters (U+034F, the variation selectors) sit outside the class: inside one they would read as
// combined with their neighbours.
const INVISIBLE =
  /[\p{Cf}\p{Zl}\p{Zp}\p{Cc}\p{Co}\p{Cn}\u2800\u115F\u1160\u3164\uFFA0\u180E]|\u034F|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/u;

/** Why a name is refused, or undefined when it may be used (test it after normaliseName). */
export function nameProblem(name: string): string | undefined {
  if (INVISIBLE.test(name)) return 'a name cannot contain invisible or formatting characters';
  return undefined;
}

/** The form a name is kept in: NFKC (fullwidth and styled letters become plain ones), runs of spaces as one. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
}

// Cyrillic and Greek letters that look like Latin ones, lowercase (the skeleton is taken after lowercasing).
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ғ: 'f',
  ү: 'y',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ϲ: 'c',
  ϳ: 'j',
  ς: 'c',
  ω: 'w',
  μ: 'u',
  // Latin letters that read as others
  ı: 'i',
  ȷ: 'j',
  ł: 'l',
  ø: 'o',
  ß: 'ss',
};

// Digits and marks that pass for letters in a name: "A1ice" and "Alice", "0lga" and "Olga".
const DIGIT_LOOK_ALIKES: Record<string, string> = { '0': 'o', '1': 'l', '|': 'l', i: 'l', '5': 's' };

/**
 * The key two names are compared by: NFKC, lowercase, accents dropped, look-alike letters mapped to one Latin
 * letter, and l/i/1, o/0 folded together. Never shown to anyone.
 */
export function nameSkeleton(name: string): string {
  const folded = normaliseName(name).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  let out = '';
  for (const ch of folded) {
    const latin = LOOK_ALIKES[ch] ?? ch;
    for (const c of latin) out += DIGIT_LOOK_ALIKES[c] ?? c;
  }
  return out;
}
