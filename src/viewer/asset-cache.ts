// The viewer's bundle and stylesheet are asked for by content hash (`main.js?v=<hash>`), so a browser
// keeps them across visits (`immutable`) and a second visit skips downloading them and, with
// Chromium's code cache, compiling the bundle; the page and the vault's data stay `no-store`.

import crypto from 'node:crypto';

export interface VersionedAssets { html: string; js: string; css: string; jsHash: string; cssHash: string }

const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The page with its script and stylesheet URLs carrying their content hash. */
export function versionAssets(a: { html: string; js: string; css: string }): VersionedAssets {
  const jsHash = hash(a.js), cssHash = hash(a.css);
  const html = a.html.replace('src="main.js"', `src="main.js?v=${jsHash}"`).replace('href="style.css"', `href="style.css?v=${cssHash}"`);
  return { ...a, html, jsHash, cssHash };
}

/** Cache-Control for an asset: kept for a year when asked by its current hash, else not stored (an old or no hash). */
export function assetCaching(asked: string | null, current: string): string {
  return asked === current ? 'public, max-age=31536000, immutable' : 'no-store';
}
