import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/** murmur3's 32-bit finaliser: spreads nearby inputs (account 1000 vs 1001) over the whole range. */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** A stream of randomness for one (seed, account, purpose) triple. */
export type Random = RandomGenerator;

/**
 * Every account and every table gets its own PRNG stream derived from the seed. Rows therefore do
 * not depend on the order in which tables are generated, and any table can be generated alone.
 * The hash only derives a 32-bit seed; the numbers themselves come from pure-rand's xoroshiro128+.
 */
export function createRandom(seed: number, accountId: number, stream: number): Random {
  const low = seed % 0x1_0000_0000;
  const high = Math.floor(seed / 0x1_0000_0000);
  let h = fmix32(low ^ 0x9e3779b9);
  h = fmix32(h ^ high);
  h = fmix32(h ^ Math.imul(accountId, 0x27d4eb2d));
  h = fmix32(h ^ Math.imul(stream + 1, 0x165667b1));
  const rng = xoroshiro128plus(h);
  // xoroshiro's first outputs still echo a low-entropy seed; a short warm-up removes that.
  for (let i = 0; i < 8; i++) rng.next();
  return rng;
}

/** Uniform in [0, 1). */
export function uniform(rng: Random): number {
  return uniformFloat64(rng);
}

/** Uniform integer in [from, to]. */
export function uniformIntBetween(rng: Random, from: number, to: number): number {
  return from + Math.floor(uniformFloat64(rng) * (to - from + 1));
}

/** Standard normal (Box–Muller); one value per call keeps the stream position easy to reason about. */
export function normal(rng: Random): number {
  const u = 1 - uniformFloat64(rng); // (0, 1]: log(0) is never taken
  const v = uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal with the given median: right-skewed, like order values and API volumes. */
export function logNormal(rng: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Picks an index from cumulative weights (the last entry must be 1). */
export function pickIndex(rng: Random, cumulative: readonly number[]): number {
  const u = uniformFloat64(rng);
  for (let i = 0; i < cumulative.length; i++) {
    if (u < (cumulative[i] ?? 1)) return i;
  }
  return cumulative.length - 1;
}

/** Turns weights into the cumulative form `pickIndex` expects. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let running = 0;
  return weights.map((w, i) => {
    running += w;
    return i === weights.length - 1 ? 1 : running / total;
  });
}
