// The log of moves whole (linkpath, folder) groups of linkers took without their drafts being
// touched (lazy.ts): each draft catches up from it when next read.

import type { Move } from './retarget.ts';

/** One logged move: from epoch `epoch` on, `lp` written in the group's folder reaches `move.to`. */
export interface LoggedMove {
  epoch: number;
  lp: string;
  move: Move;
  /** Made-node identities the linkers stop and start reaching (undefined: a note). */
  fromId: string | undefined;
  toId: string | undefined;
}

/** Moves by linkpath, then folder, in epoch order. */
export class MoveLog {
  private readonly log = new Map<string, Map<string, LoggedMove[]>>();

  record(folder: string, m: LoggedMove): void {
    let byFolder = this.log.get(m.lp);
    if (!byFolder) this.log.set(m.lp, (byFolder = new Map()));
    const list = byFolder.get(folder);
    if (list) list.push(m); else byFolder.set(folder, [m]);
  }

  /** The moves after `epoch` for a note of `folder` writing `lps`, oldest first. */
  since(epoch: number, folder: string, lps: readonly string[]): LoggedMove[] {
    let out: LoggedMove[] | undefined;
    for (const lp of lps) {
      const list = this.log.get(lp)?.get(folder);
      if (!list || list[list.length - 1]!.epoch <= epoch) continue;
      for (let i = list.length - 1; i >= 0 && list[i]!.epoch > epoch; i--) (out ??= []).push(list[i]!);
    }
    return out ? out.sort((a, b) => a.epoch - b.epoch) : [];
  }
}
