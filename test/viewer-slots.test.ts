// Slots in sigma's program arrays for items added and dropped live (web/model/slots.ts, used by web/ui/gl-delta.ts).
import { describe, expect, it } from 'vitest';
import { allUsed, release, take } from '../web/model/slots.ts';

describe('slots of live items in a program array', () => {
  it('after a full process every slot is used: a new item goes past them and the array grows with slack', () => {
    const s = allUsed();
    expect(take(s, 'e:arrow', 1000)).toEqual({ pos: 1000, grow: 1064 });
    expect(take(s, 'e:arrow', 1064)).toEqual({ pos: 1001 });
    expect(take(s, 'n:circle', 0)).toEqual({ pos: 0, grow: 64 });
  });

  it('a dropped item\'s slot is taken again before a new one, per program', () => {
    const s = allUsed();
    release(s, 'e:arrow', 7);
    release(s, 'e:arrow', 3);
    expect(take(s, 'e:fast', 10)).toEqual({ pos: 10, grow: 74 });
    expect(take(s, 'e:arrow', 10)).toEqual({ pos: 3 });
    expect(take(s, 'e:arrow', 10)).toEqual({ pos: 7 });
    expect(take(s, 'e:arrow', 10)).toEqual({ pos: 10, grow: 74 });
  });

  it('grows by a sixteenth of what it holds on a big array', () => {
    expect(take(allUsed(), 'e:fast', 285_000)).toEqual({ pos: 285_000, grow: 285_000 + 17_813 });
  });
});
