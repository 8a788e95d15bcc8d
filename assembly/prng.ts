// The kernel's only source of nondeterminism: one seeded integer PRNG (splitmix64). No floats,
// no host clock: the same seed gives the same schedule.

let state: u64 = 0x9e3779b97f4a7c15;

export function prngSeed(seed: u64): void {
  state = seed ^ 0x5851f42d4c957f2d;
}

export function prngNext(): u64 {
  state += 0x9e3779b97f4a7c15;
  let z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** A number in [0, n), n > 0. */
export function prngBelow(n: u32): u32 {
  const x = prngNext();
  // For a power of two (one runnable process, most often) the mask gives the same number as the
  // remainder without a 64-bit division, the dearest instruction of schedNext.
  if ((n & (n - 1)) == 0 && n != 0) return <u32>(x & <u64>(n - 1));
  return <u32>(x % <u64>n);
}
