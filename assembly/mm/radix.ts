// A sparse table from a page number to a frame, four levels of 512 entries as x86-64's page tables
// (pgd, pud, pmd, pte): a process's page table (virtual page -> private frame) and an object's page
// cache (page offset -> frame) are both one. Levels are allocated on first use and kept until the
// table goes, so mapping the same range again allocates nothing.
import { kassert, P_VM } from '../panic';

const BITS: i32 = 9;
const FAN: i32 = 1 << BITS;
const MASK: i64 = FAN - 1;
export const RADIX_LIMIT: i64 = <i64>1 << (4 * BITS); // keys are below 2^36

type Leaf = StaticArray<i32>;
type Mid = StaticArray<Leaf | null>;
type Upper = StaticArray<Mid | null>;

export class Radix {
  top: StaticArray<Upper | null> = new StaticArray<Upper | null>(FAN);
  count: i64 = 0; // entries present
  private lastKey: i64 = -1; // the leaf of the last lookup (key >> BITS), a one-entry TLB
  private lastLeaf: Leaf | null = null;

  private leaf(key: i64, create: bool): Leaf | null {
    const lk = key >> BITS;
    if (lk == this.lastKey) return this.lastLeaf;
    kassert(key >= 0 && key < RADIX_LIMIT, P_VM, <i32>(key >> 32), <i32>key);
    const i1 = <i32>((key >> (3 * BITS)) & MASK);
    const i2 = <i32>((key >> (2 * BITS)) & MASK);
    const i3 = <i32>((key >> BITS) & MASK);
    let u = unchecked(this.top[i1]);
    if (u === null) {
      if (!create) return null;
      u = new StaticArray<Mid | null>(FAN);
      unchecked((this.top[i1] = u));
    }
    let m = unchecked(u![i2]);
    if (m === null) {
      if (!create) return null;
      m = new StaticArray<Leaf | null>(FAN);
      unchecked((u![i2] = m));
    }
    let l = unchecked(m![i3]);
    if (l === null) {
      if (!create) return null;
      l = new StaticArray<i32>(FAN);
      unchecked((m![i3] = l));
    }
    this.lastKey = lk;
    this.lastLeaf = l;
    return l;
  }

  get(key: i64): i32 {
    const l = this.leaf(key, false);
    return l === null ? 0 : unchecked(l[<i32>(key & MASK)]);
  }

  /** Sets key to v (a frame, or 0 to clear); returns the old value. */
  set(key: i64, v: i32): i32 {
    const l = this.leaf(key, v != 0);
    if (l === null) return 0;
    const i = <i32>(key & MASK);
    const old = unchecked(l[i]);
    unchecked((l[i] = v));
    if (old == 0 && v != 0) this.count++;
    if (old != 0 && v == 0) this.count--;
    return old;
  }

  /** The first key in [from, to) with an entry, or -1; whole absent levels are skipped. */
  next(from: i64, to: i64): i64 {
    let k = from;
    while (k < to) {
      const i1 = <i32>((k >> (3 * BITS)) & MASK);
      const u = unchecked(this.top[i1]);
      if (u === null) {
        k = ((k >> (3 * BITS)) + 1) << (3 * BITS);
        continue;
      }
      const m = unchecked(u![<i32>((k >> (2 * BITS)) & MASK)]);
      if (m === null) {
        k = ((k >> (2 * BITS)) + 1) << (2 * BITS);
        continue;
      }
      const l = unchecked(m![<i32>((k >> BITS) & MASK)]);
      if (l === null) {
        k = ((k >> BITS) + 1) << BITS;
        continue;
      }
      for (let i = <i32>(k & MASK); i < FAN && k < to; i++, k++) {
        if (unchecked(l![i]) != 0) return k;
      }
    }
    return -1;
  }
}
