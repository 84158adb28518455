// How to tell that a JavaScript chunk contains zod, whatever the minifier did to it. Class and variable names
// are mangled, but the type names zod keeps as strings survive: zod 4 registers every schema class by name
// ($constructor("$ZodType", …), "$ZodString", "ZodMiniType", …) and zod 3 tags every schema with a
// ZodFirstPartyTypeKind string ("ZodString", "ZodObject", …). Pure, so a unit test can prove it can fail.
const ZOD_MARKER = /["'`]\$?Zod(?:Mini)?(?:Type|String|Object|Number|Array|Error)["'`]/;

/** The first zod type name found in `code`, or null. */
export function zodMarker(code: string): string | null {
  return ZOD_MARKER.exec(code)?.[0] ?? null;
}
