// The ForceAtlas2 layout in its web worker, behind a start/stop button. Browser only
// (the supervisor needs window.Worker and a blob: URL, hence `worker-src blob:` in the CSP).

import FA2Layout from 'graphology-layout-forceatlas2/worker';
import type { VaultGraph } from '../model/filters.ts';
import { fa2Settings, type Forces } from '../model/local.ts';

export interface LayoutControl {
  start(): void;
  stop(): void;
  isRunning(): boolean;
  /** Worker round-trips since the page loaded (the e2e tests read it). */
  ticks(): number;
  kill(): void;
}

/** `forces`: Obsidian's sliders (state.ts), read when the layout starts; dragged nodes are `fixed` and stay put. */
export function layoutControl(graph: VaultGraph, onChange: (running: boolean) => void, forces: () => Forces): LayoutControl {
  let fa2: FA2Layout | null = null;
  let ticks = 0;
  const onUpdate = () => { ticks++; };
  const ensure = (): FA2Layout => {
    if (!fa2) {
      const settings = { ...fa2Settings(forces(), graph.order), adjustSizes: false };
      fa2 = new FA2Layout(graph, { settings, getEdgeWeight: null });
      graph.on('eachNodeAttributesUpdated', onUpdate);
    }
    return fa2;
  };
  return {
    start() { fa2?.kill(); fa2 = null; graph.off('eachNodeAttributesUpdated', onUpdate); ensure().start(); onChange(true); },
    stop() { fa2?.stop(); onChange(false); },
    isRunning: () => fa2?.isRunning() ?? false,
    ticks: () => ticks,
    kill() { fa2?.kill(); fa2 = null; graph.off('eachNodeAttributesUpdated', onUpdate); onChange(false); },
  };
}
