// Discrete-event priority queue: earliest time first; equal times come out in
// insertion order, so runs never depend on heap internals (determinism).

export type Queue<T> = {
  push(t: number, item: T): void;
  /** Earliest entry, or undefined when empty. */
  pop(): { t: number; item: T } | undefined;
  readonly size: number;
};

type Entry<T> = { t: number; order: number; item: T };

export function createQueue<T>(): Queue<T> {
  const heap: Entry<T>[] = [];
  let counter = 0;
  const before = (a: Entry<T>, b: Entry<T>): boolean => a.t < b.t || (a.t === b.t && a.order < b.order);
  const swap = (i: number, j: number): void => {
    const tmp = heap[i];
    heap[i] = heap[j];
    heap[j] = tmp;
  };
  return {
    push(t, item) {
      heap.push({ t, order: counter++, item });
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(heap[i], heap[parent])) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (heap.length === 0) return undefined;
      const top = heap[0];
      const last = heap.pop() as Entry<T>;
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && before(heap[l], heap[m])) m = l;
          if (r < heap.length && before(heap[r], heap[m])) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return { t: top.t, item: top.item };
    },
    get size() {
      return heap.length;
    },
  };
}
