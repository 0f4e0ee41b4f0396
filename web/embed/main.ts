// vaultgraph-embed.js: finds every `<div data-vaultgraph-note="KEY">` on the page and draws that
// note's typed relations, from the JSON named by the script tag's `data-graph` (default: the
// .json beside the script). One fetch per page; nothing else leaves the page. Re-scans on Quartz's
// `nav` event (client-side navigation) and exposes `window.vaultgraphEmbed.render()` for others.

import { indexEmbed, type EmbedIndex } from '../../src/viewer/embed.ts';
import { drawNote } from './draw.ts';

performance.mark?.('vaultgraph-embed:start'); // what scripts/bench-embed.ts measures from

const ATTR = 'data-vaultgraph-note';
const STATE = 'data-vaultgraph-state';

// `data-graph` is a URL like any other attribute of the page (relative to it); without it, the
// .json of the same name beside the script.
const script = document.currentScript as HTMLScriptElement | null;
const given = script?.getAttribute('data-graph');
const graphUrl = given ? new URL(given, document.baseURI).href
  : new URL(new URL(script?.src || document.baseURI).pathname.replace(/\.js$/, '.json'), script?.src || document.baseURI).href;

let loading: Promise<EmbedIndex> | undefined;
const load = (): Promise<EmbedIndex> => (loading ??= fetch(graphUrl, { credentials: 'same-origin' })
  .then((r) => { if (!r.ok) throw new Error(`${r.status} ${r.statusText}`); return r.json() as Promise<unknown>; })
  .then(indexEmbed));

/** Draw every container under `root` that is not drawn yet (or all, with `force`). */
export async function render(root: ParentNode = document, force = false): Promise<void> {
  const boxes = [...root.querySelectorAll<HTMLElement>(`[${ATTR}]`)].filter((b) => force || !b.hasAttribute(STATE));
  if (boxes.length === 0) return;
  let index: EmbedIndex;
  try { index = await load(); } catch (e) {
    for (const b of boxes) b.setAttribute(STATE, 'error');
    console.warn(`vaultgraph-embed: cannot load ${graphUrl}: ${(e as Error).message}`);
    loading = undefined; // the next render tries again
    return;
  }
  for (const box of boxes) {
    const node = index.find(box.getAttribute(ATTR) ?? '');
    if (node === undefined) { box.replaceChildren(); box.setAttribute(STATE, 'empty'); continue; }
    drawNote(box, index, node);
    box.setAttribute(STATE, 'ready');
  }
  performance.mark?.('vaultgraph-embed:drawn');
}

declare global { interface Window { vaultgraphEmbed?: { render: typeof render } } }
window.vaultgraphEmbed = { render };

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void render());
else void render();
document.addEventListener('nav', () => void render(document, true));
