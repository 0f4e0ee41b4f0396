// A fetch response's body as text, decoded chunk by chunk as it arrives (the page's payload read,
// ui/load.ts). Pure over the web's Response: tests run it in Node.

/**
 * A response's body as text, each chunk decoded as it arrives (a character cut between two chunks is
 * held over by the streaming decoder). Chromium takes a big body in far slower through `json()` or
 * `text()`: in headless chromium here, the 100k-note payload (10 MB) took 430–480 ms from fetch to
 * parsed through `json()`, 340–410 ms this way, and 420–460 ms read whole and then decoded once
 * (docs/viewer-100k.md, 2026-12-05). (`blob()` is fast too, but failed with "Failed to fetch" in 6
 * of 16 opens on a response that the page's `<link rel=preload>` already held.)
 */
export async function bodyText(res: Response): Promise<string> {
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
