// Array reads that compile to plain loads, for the hot paths. `a.length` and `unchecked(a[i])` are
// calls to Array#get:length and Array#__uget, which binaryen leaves out of line (their
// shadow-stack frames make them too big to inline), and a call costs more than the read. The
// array comes as its address: a managed temporary would take a shadow-stack slot of its own.

/** a.length, for a = changetype<usize>(an Array<T>) */
@inline export function arrLen<T>(a: usize): i32 {
  return load<i32>(a, offsetof<Array<T>>('length_'));
}

/** unchecked(a[i]) for a = changetype<usize>(an Array<T>): the caller knows 0 <= i < length. */
@inline export function arrAt<T>(a: usize, i: i32): T {
  return load<T>(load<usize>(a, offsetof<Array<T>>('dataStart')) + (<usize>i << alignof<T>()));
}
