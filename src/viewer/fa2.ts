// One ForceAtlas2 iteration in phases, bit for bit graphology-layout-forceatlas2's iterate.js (0.10.1)
// for the settings vaultgraph uses (Barnes–Hut, no size adjustment, no LinLog, no outbound
// distribution). Split so that the Barnes–Hut repulsion — most of an iteration — can run on several
// threads (layout-threads.ts): each node's repulsion is summed by one thread, in the same order,
// rounded to float32 after each term as the library does, so the positions do not depend on how
// many threads ran. Regions live in typed arrays (the library grows a plain array) of a size fixed
// up front: untouched pages cost no memory.

/** graphology-layout-forceatlas2's settings, as `iterate` reads them. */
export interface FA2Settings {
  linLogMode: boolean; outboundAttractionDistribution: boolean; adjustSizes: boolean; edgeWeightInfluence: number;
  scalingRatio: number; strongGravityMode: boolean; gravity: number; slowDown: number; barnesHutOptimize: boolean; barnesHutTheta: number;
}

export const PPN = 10; // x, y, dx, dy, old_dx, old_dy, mass, convergence, size, fixed
export const PPE = 3; // source offset, target offset, weight
const X = 0, Y = 1, DX = 2, DY = 3, OLD_DX = 4, OLD_DY = 5, MASS = 6, CONVERGENCE = 7, FIXED = 9;
// Region fields kept as doubles, as the library's array holds them.
const CX = 0, CY = 1, SIZE = 2, RMASS = 3, MCX = 4, MCY = 5, PPR = 6;
const SUBDIVISION_ATTEMPTS = 3;

/** Whether `fa2.ts` computes what iterate.js does with these settings (else the library's own iterate runs). */
export function portable(s: FA2Settings): boolean {
  return s.barnesHutOptimize && !s.adjustSizes && !s.linLogMode && !s.outboundAttractionDistribution;
}

/** The Barnes–Hut quadtree: per region its node (-1: none), first child (-1: leaf), next sibling, and geometry. */
export interface Regions { node: Int32Array; first: Int32Array; next: Int32Array; geo: Float64Array }

/** Room for the most regions `nodes` nodes can make: each insertion subdivides at most 4 times (4 regions each). */
export function makeRegions(nodes: number, shared = false): Regions {
  const cap = 1 + 4 * (SUBDIVISION_ATTEMPTS + 1) * Math.max(1, nodes);
  const buf = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return { node: new Int32Array(buf(4 * cap)), first: new Int32Array(buf(4 * cap)), next: new Int32Array(buf(4 * cap)), geo: new Float64Array(buf(8 * PPR * cap)) };
}

/** Step 1 of iterate.js: keep the last forces, clear the new ones. */
export function resetForces(N: Float32Array): void {
  for (let n = 0; n < N.length; n += PPN) {
    N[n + OLD_DX] = N[n + DX]!; N[n + OLD_DY] = N[n + DY]!;
    N[n + DX] = 0; N[n + DY] = 0;
  }
}

function quadrant(R: Regions, r: number, x: number, y: number): number {
  const g = R.geo, o = r * PPR;
  return R.first[r]! + (x < g[o + CX]! ? (y < g[o + CY]! ? 0 : 1) : (y < g[o + CY]! ? 2 : 3));
}

function region(R: Regions, r: number, cx: number, cy: number, size: number, next: number): void {
  const o = r * PPR;
  R.node[r] = -1; R.first[r] = -1; R.next[r] = next;
  R.geo[o + CX] = cx; R.geo[o + CY] = cy; R.geo[o + SIZE] = size; R.geo[o + RMASS] = 0; R.geo[o + MCX] = 0; R.geo[o + MCY] = 0;
}

/** Step 1.bis: the quadtree over the current positions, nodes inserted in order (as the library does). */
export function buildTree(N: Float32Array, R: Regions): void {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let n = 0; n < N.length; n += PPN) {
    minX = Math.min(minX, N[n + X]!); maxX = Math.max(maxX, N[n + X]!);
    minY = Math.min(minY, N[n + Y]!); maxY = Math.max(maxY, N[n + Y]!);
  }
  const dx = maxX - minX, dy = maxY - minY;
  if (dx > dy) { minY -= (dx - dy) / 2; maxY = minY + dx; } else { minX -= (dy - dx) / 2; maxX = minX + dy; }
  region(R, 0, (minX + maxX) / 2, (minY + maxY) / 2, Math.max(maxX - minX, maxY - minY), -1);
  const g = R.geo;
  let l = 1;
  for (let n = 0; n < N.length; n += PPN) {
    const nx = N[n + X]!, ny = N[n + Y]!, nm = N[n + MASS]!;
    let r = 0, attempts = SUBDIVISION_ATTEMPTS;
    for (;;) {
      const o = r * PPR;
      if (R.first[r]! >= 0) {
        const q = quadrant(R, r, nx, ny);
        g[o + MCX] = (g[o + MCX]! * g[o + RMASS]! + nx * nm) / (g[o + RMASS]! + nm);
        g[o + MCY] = (g[o + MCY]! * g[o + RMASS]! + ny * nm) / (g[o + RMASS]! + nm);
        g[o + RMASS] = g[o + RMASS]! + nm;
        r = q;
        continue;
      }
      const old = R.node[r]!;
      if (old < 0) { R.node[r] = n; break; }
      // A node is here already: split the region in four, move it down, and try n again below.
      R.first[r] = l;
      const w = g[o + SIZE]! / 2, cx = g[o + CX]!, cy = g[o + CY]!;
      region(R, l, cx - w, cy - w, w, l + 1);
      region(R, l + 1, cx - w, cy + w, w, l + 2);
      region(R, l + 2, cx + w, cy - w, w, l + 3);
      region(R, l + 3, cx + w, cy + w, w, R.next[r]!);
      l += 4;
      const q = quadrant(R, r, N[old + X]!, N[old + Y]!);
      g[o + RMASS] = N[old + MASS]!; g[o + MCX] = N[old + X]!; g[o + MCY] = N[old + Y]!;
      R.node[q] = old; R.node[r] = -1;
      const q2 = quadrant(R, r, nx, ny);
      if (q === q2) {
        if (attempts--) { r = q; continue; }
        break; // out of precision: n is left out of the tree, as in the library
      }
      R.node[q2] = n;
      break;
    }
  }
}

/** Step 2: the Barnes–Hut repulsion on the nodes `from` ≤ i < `to` (by index), written into their dx, dy. */
export function repulse(N: Float32Array, R: Regions, s: FA2Settings, from: number, to: number): void {
  const coefficient = s.scalingRatio, thetaSquared = s.barnesHutTheta * s.barnesHutTheta, g = R.geo;
  for (let n = from * PPN; n < to * PPN; n += PPN) {
    const nx = N[n + X]!, ny = N[n + Y]!, nm = N[n + MASS]!;
    let fx = N[n + DX]!, fy = N[n + DY]!;
    let r = 0;
    for (;;) {
      if (R.first[r]! >= 0) {
        const o = r * PPR;
        const distance = Math.pow(nx - g[o + MCX]!, 2) + Math.pow(ny - g[o + MCY]!, 2);
        const size = g[o + SIZE]!;
        if ((4 * size * size) / distance < thetaSquared) {
          if (distance > 0) {
            const factor = (coefficient * nm * g[o + RMASS]!) / distance;
            fx = Math.fround(fx + (nx - g[o + MCX]!) * factor);
            fy = Math.fround(fy + (ny - g[o + MCY]!) * factor);
          }
          r = R.next[r]!;
          if (r < 0) break;
        } else r = R.first[r]!;
        continue;
      }
      const rn = R.node[r]!;
      if (rn >= 0 && rn !== n) {
        const xDist = nx - N[rn + X]!, yDist = ny - N[rn + Y]!;
        const distance = xDist * xDist + yDist * yDist;
        if (distance > 0) {
          const factor = (coefficient * nm * N[rn + MASS]!) / distance;
          fx = Math.fround(fx + xDist * factor);
          fy = Math.fround(fy + yDist * factor);
        }
      }
      r = R.next[r]!;
      if (r < 0) break;
    }
    N[n + DX] = fx; N[n + DY] = fy;
  }
}

/** `Math.pow(weight, edgeWeightInfluence)` per edge: the same every iteration, so worked out once. */
export function edgeFactors(E: Float32Array, s: FA2Settings): Float64Array {
  const out = new Float64Array(E.length / PPE);
  for (let e = 0; e < out.length; e++) out[e] = Math.pow(E[e * PPE + 2]!, s.edgeWeightInfluence);
  return out;
}

/** Steps 3–5: gravity, (linear) attraction along the edges, and the moves. */
export function finishStep(N: Float32Array, E: Float32Array, ewc: Float64Array, s: FA2Settings): void {
  const gravity = s.gravity / s.scalingRatio, coefficient = s.scalingRatio;
  for (let n = 0; n < N.length; n += PPN) {
    let factor = 0;
    const xDist = N[n + X]!, yDist = N[n + Y]!;
    const distance = Math.sqrt(Math.pow(xDist, 2) + Math.pow(yDist, 2));
    if (s.strongGravityMode) { if (distance > 0) factor = coefficient * N[n + MASS]! * gravity; }
    else if (distance > 0) factor = (coefficient * N[n + MASS]! * gravity) / distance;
    N[n + DX] = N[n + DX]! - xDist * factor;
    N[n + DY] = N[n + DY]! - yDist * factor;
  }
  for (let e = 0, k = 0; e < E.length; e += PPE, k++) {
    const n1 = E[e]!, n2 = E[e + 1]!;
    const factor = -1 * ewc[k]!;
    const xDist = N[n1 + X]! - N[n2 + X]!, yDist = N[n1 + Y]! - N[n2 + Y]!;
    N[n1 + DX] = N[n1 + DX]! + xDist * factor; N[n1 + DY] = N[n1 + DY]! + yDist * factor;
    N[n2 + DX] = N[n2 + DX]! - xDist * factor; N[n2 + DY] = N[n2 + DY]! - yDist * factor;
  }
  for (let n = 0; n < N.length; n += PPN) {
    if (N[n + FIXED] === 1) continue;
    const odx = N[n + OLD_DX]!, ody = N[n + OLD_DY]!, dx = N[n + DX]!, dy = N[n + DY]!;
    const swinging = N[n + MASS]! * Math.sqrt((odx - dx) * (odx - dx) + (ody - dy) * (ody - dy));
    const traction = Math.sqrt((odx + dx) * (odx + dx) + (ody + dy) * (ody + dy)) / 2;
    const nodespeed = (N[n + CONVERGENCE]! * Math.log(1 + traction)) / (1 + Math.sqrt(swinging));
    N[n + CONVERGENCE] = Math.min(1, Math.sqrt((nodespeed * (Math.pow(dx, 2) + Math.pow(dy, 2))) / (1 + Math.sqrt(swinging))));
    N[n + X] = N[n + X]! + dx * (nodespeed / s.slowDown);
    N[n + Y] = N[n + Y]! + dy * (nodespeed / s.slowDown);
  }
}
