// Getting the graph into the page: the payload embedded in the HTML export, or fetched from the
// server (lean, columnar: compact.ts); the graph itself is built by to-graph.ts. Browser only.

import { readPayload, type ViewerPayload } from '../../src/viewer/payload.ts';
import { bodyText } from '../model/body-text.ts';

export async function loadPayload(): Promise<ViewerPayload> {
  const embedded = document.getElementById('vg-data');
  if (embedded?.textContent) return readPayload(JSON.parse(embedded.textContent));
  const res = await fetch('api/graph');
  if (!res.ok) throw new Error(`GET api/graph: HTTP ${res.status}`);
  return readPayload(JSON.parse(await bodyText(res)));
}

export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch { return false; }
}
