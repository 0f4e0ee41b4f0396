// The ForceAtlas2 layout in its web worker, behind a start/stop button. Browser only
// (the supervisor needs window.Worker and a blob: URL, hence `worker-src blob:` in the CSP).

import FA2Layout from 'graphology-layout-forceatlas2/worker';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { VaultGraph } from '../model/filters.ts';

export interface LayoutControl {
  start(): void;
  stop(): void;
  isRunning(): boolean;
  /** Worker round-trips since the page loaded (the e2e tests read it). */
  ticks(): number;
  kill(): void;
}

export function layoutControl(graph: VaultGraph, onChange: (running: boolean) => void): LayoutControl {
  let fa2: FA2Layout | null = null;
  let ticks = 0;
  const onUpdate = () => { ticks++; };
  const ensure = (): FA2Layout => {
    if (!fa2) {
      const settings = { ...forceAtlas2.inferSettings(graph), adjustSizes: false };
      fa2 = new FA2Layout(graph, { settings, getEdgeWeight: null });
      graph.on('eachNodeAttributesUpdated', onUpdate);
    }
    return fa2;
  };
  return {
    start() { ensure().start(); onChange(true); },
    stop() { fa2?.stop(); onChange(false); },
    isRunning: () => fa2?.isRunning() ?? false,
    ticks: () => ticks,
    kill() { fa2?.kill(); fa2 = null; graph.off('eachNodeAttributesUpdated', onUpdate); onChange(false); },
  };
}
