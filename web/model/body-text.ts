// A fetch response's body as text, read chunk by chunk and decoded once (the page's payload read,
// ui/load.ts). Pure over the web's Response: tests run it in Node.

/**
 * A response's body as text, read chunk by chunk and decoded once. Chromium takes a big body in far
 * slower through `json()` or `text()`: the 100k-note payload (10 MB) was ready 80–170 ms sooner this
 * way, headless here (docs/viewer-100k.md, 2026-12-05). (`blob()` is faster still, but fails with
 * "Failed to fetch" about every other time on a response the page's `<link rel=preload>` already
 * holds.)
 */
export async function bodyText(res: Response): Promise<string> {
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return new TextDecoder().decode(all);
}
