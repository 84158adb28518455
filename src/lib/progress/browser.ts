// The progress store in the browser: localStorage under a versioned key, the totals the build emitted into the
// page, and a document event ("sp:progress") so every view on the page (sidebar, home list) redraws.
import {
  PROGRESS_KEY,
  parseProgress,
  reduceProgress,
  serializeProgress,
  type LessonTotals,
  type Progress,
  type ProgressAction,
} from './store.ts';

export const TOTALS_ELEMENT_ID = 'sp-course-totals';

export function loadProgress(): Progress {
  try {
    return parseProgress(localStorage.getItem(PROGRESS_KEY));
  } catch {
    return parseProgress(null); // storage blocked: progress lasts for this page only
  }
}

export function applyProgress(action: ProgressAction): Progress {
  const before = loadProgress();
  const next = reduceProgress(before, action);
  if (next !== before) {
    try {
      if (action.type === 'reset') localStorage.removeItem(PROGRESS_KEY);
      else localStorage.setItem(PROGRESS_KEY, serializeProgress(next));
    } catch {
      /* storage full or blocked: nothing to do */
    }
    document.dispatchEvent(new CustomEvent('sp:progress', { detail: next }));
  }
  return next;
}

/** Calls back now and whenever progress changes, on this page or in another tab. */
export function watchProgress(callback: (progress: Progress) => void): void {
  callback(loadProgress());
  document.addEventListener('sp:progress', (event) => callback((event as CustomEvent<Progress>).detail));
  addEventListener('storage', (event) => {
    if (event.key === PROGRESS_KEY || event.key === null) callback(loadProgress());
  });
}

export function readTotals(): LessonTotals[] {
  try {
    const data: unknown = JSON.parse(document.getElementById(TOTALS_ELEMENT_ID)?.textContent ?? '[]');
    return Array.isArray(data) ? (data as LessonTotals[]) : [];
  } catch {
    return [];
  }
}
