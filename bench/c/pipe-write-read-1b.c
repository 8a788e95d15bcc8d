/* Bench row pipe-write-read-1b in C: a 1-byte write then a 1-byte read of the same pipe. */
#include "bench.h"

static int fds[2];

static void pairs(long n, void *ctx) {
  (void)ctx;
  char b = 1;
  for (long i = 0; i < n; i++) {
    if (write(fds[1], &b, 1) != 1) die("write");
    if (read(fds[0], &b, 1) != 1) die("read");
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  if (pipe(fds) < 0) die("pipe");
  long ops = calibrate(pairs, NULL, a);
  measure(pairs, NULL, ops, 0);
  return 0;
}
