// The explorer's settings: which form controls the URL keeps (rooms-lab.sender=Ben&rooms-lab.variant=…), so a
// teacher's link opens the same sender, rooms, target and line of code. Pure: the widget reads and applies them
// through src/lib/widget/form-state.ts and setup-link.ts.
export const SETTINGS = ['sender', 'room', 'room2', 'target', 'variant'] as const;

export const isSetting = (name: string): boolean => (SETTINGS as readonly string[]).includes(name);
