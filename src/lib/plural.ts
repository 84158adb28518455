// Counts in words, with the noun in the right number: "1 byte", "2 bytes", "0 of 1 exercise". One helper, so no
// page says "1 bytes" or "0 of 1 exercises". English only; pass the plural when it is not the noun plus "s".

/** "1 byte", "0 bytes", "3 replies" (with many = "replies"). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "0 of 1 exercise", "2 of 3 exercises": the noun follows the total, as in "one of one exercise". */
export function countOf(part: number, total: number, one: string, many = `${one}s`): string {
  return `${part} of ${count(total, one, many)}`;
}
