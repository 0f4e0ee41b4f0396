// Slots in sigma's GL program arrays for items added and dropped live (ui/gl-delta.ts): a dropped
// item's slot is taken again first; else the next slot never used, the array growing with slack
// when full (a grown array is uploaded whole, so it should not grow on every new item). Pure.

/** Per program ('n:circle', 'e:arrow'): the slots freed, and the first never used. */
export interface Slots { free: Map<string, number[]>; top: Map<string, number> }

/** As after sigma's own process(): every slot up to each program's capacity in use, none free. */
export const allUsed = (): Slots => ({ free: new Map(), top: new Map() });

export function release(s: Slots, program: string, pos: number): void {
  const free = s.free.get(program);
  if (free) free.push(pos); else s.free.set(program, [pos]);
}

/** A slot for a new item of `program`, whose array holds `capacity` items; `grow`: the capacity to grow it to first. */
export function take(s: Slots, program: string, capacity: number): { pos: number; grow?: number } {
  const free = s.free.get(program);
  if (free?.length) return { pos: free.pop()! };
  const top = s.top.get(program) ?? capacity;
  s.top.set(program, top + 1);
  return top < capacity ? { pos: top } : { pos: top, grow: top + Math.max(64, Math.ceil(top / 16)) };
}
