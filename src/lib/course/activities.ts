// Reads a lesson's MDX source at build time and finds what the course pages need to know about it without
// rendering it: the ids of its self-checks (<Check id=…>), its exercises (<Try id=…>) and the glossary terms it
// marks (<Term id=…>). Pure string work, so every lesson added later is counted with no per-lesson code.

export interface LessonActivities {
  checks: string[];
  tries: string[];
  terms: string[];
}

/** Fenced code blocks and MDX comments can show a component's syntax without using it: drop them first. */
export function stripNonContent(mdx: string): string {
  return mdx
    .replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\2[^\n]*$/gm, '')
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
}

/**
 * The `id` attribute of every <Component …> tag, in order, without duplicates. The attribute may come anywhere in
 * the tag, across lines, as id="…", id='…' or id={"…"}. The tag's extent is taken up to the next component tag,
 * which is enough because id values never contain "<".
 */
export function componentIds(mdx: string, component: string): string[] {
  const source = stripNonContent(mdx);
  const ids: string[] = [];
  const opener = new RegExp(`<${component}(?=[\\s/>])`, 'g');
  for (const match of source.matchAll(opener)) {
    const start = match.index + match[0].length;
    const nextTag = source.slice(start).search(/<[A-Za-z]/);
    const tag = nextTag === -1 ? source.slice(start) : source.slice(start, start + nextTag);
    const id = /(?:^|\s)id\s*=\s*(?:\{\s*)?(["'`])([^"'`]+)\1/.exec(tag)?.[2];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function lessonActivities(mdx: string): LessonActivities {
  return { checks: componentIds(mdx, 'Check'), tries: componentIds(mdx, 'Try'), terms: componentIds(mdx, 'Term') };
}

export interface LessonRef {
  id: string;
  title: string;
  href: string;
}

/** Term id → the lessons (in the order given) whose body marks it. */
export function termUsage(lessons: Array<LessonRef & { body: string }>): Map<string, LessonRef[]> {
  const usage = new Map<string, LessonRef[]>();
  for (const lesson of lessons) {
    for (const term of componentIds(lesson.body, 'Term')) {
      const list = usage.get(term) ?? [];
      list.push({ id: lesson.id, title: lesson.title, href: lesson.href });
      usage.set(term, list);
    }
  }
  return usage;
}
