// Fills each printed lesson's "Answers" section from the hidden answer keys of the self-checks in the same
// lesson ([data-lesson] scope), in page order. Copies text nodes and elements only from our own markup.
export function collectAnswers(doc: Document): void {
  for (const section of doc.querySelectorAll<HTMLElement>('[data-print-answers]')) {
    const scope = section.closest('[data-lesson]') ?? doc;
    const list = section.querySelector('ol');
    if (!list || list.childElementCount) continue;
    const keys = scope.querySelectorAll<HTMLElement>('self-check [data-answer-key]');
    for (const key of keys) {
      const li = document.createElement('li');
      li.append(...Array.from(key.childNodes, (n) => n.cloneNode(true)));
      list.append(li);
    }
    section.hidden = keys.length === 0;
  }
}
