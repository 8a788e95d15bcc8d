/* What the C bench programs share with bench/scenarios/measure.ts: the same warm-up and sizing of
 * the measured loop, the same BENCH line. Usage of every program: prog WARMUP_MS TARGET_MS [OPS]
 * (OPS > 0: a fixed count, warm-up a quarter of it). */
#ifndef IPCSIM_BENCH_H
#define IPCSIM_BENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OPS_MIN 16
#define OPS_MAX 50000000L

static inline double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, strerror(errno));
  exit(1);
}

/* A whole write: a pipe write of at most PIPE_BUF is atomic, a larger one may be split. */
static inline void write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("write");
    }
    p += n;
    len -= (size_t)n;
  }
}

struct bench_args { double warmup_ms, target_ms; long ops; };

static inline struct bench_args parse_args(int argc, char **argv) {
  struct bench_args a = { 100, 400, 0 };
  if (argc > 1) a.warmup_ms = atof(argv[1]);
  if (argc > 2) a.target_ms = atof(argv[2]);
  if (argc > 3) a.ops = atol(argv[3]);
  return a;
}

/* Warms up with loop(n, ctx) and returns the measured loop's operation count; the same steps as
 * calibrate() in bench/scenarios/measure.ts. */
static inline long calibrate(void (*loop)(long, void *), void *ctx, struct bench_args a) {
  if (a.ops > 0) {
    loop(a.ops / 4 > 0 ? a.ops / 4 : 1, ctx);
    return a.ops;
  }
  loop(1, ctx);
  double batch_ms_min = a.warmup_ms / 4;
  long batch = 8;
  double last_ms = 0;
  double start = now_ms();
  for (;;) {
    double t0 = now_ms();
    loop(batch, ctx);
    double t1 = now_ms();
    last_ms = t1 - t0;
    if (t1 - start >= a.warmup_ms && last_ms >= batch_ms_min) break;
    if (last_ms < 2 * batch_ms_min) batch *= 2;
  }
  double per_op = last_ms / batch;
  if (per_op < 1e-7) per_op = 1e-7;
  double ops = a.target_ms / per_op;
  if (ops < OPS_MIN) ops = OPS_MIN;
  if (ops > OPS_MAX) ops = OPS_MAX;
  return (long)(ops + 0.5);
}

/* Runs loop(ops, ctx) under the clock and prints the BENCH line. */
static inline void measure(void (*loop)(long, void *), void *ctx, long ops, long bytes_per_op) {
  double t0 = now_ms();
  loop(ops, ctx);
  double ns = (now_ms() - t0) * 1e6;
  printf("BENCH ops=%ld ns=%.0f bytes=%ld\n", ops, ns, ops * bytes_per_op);
  fflush(stdout);
}

#endif
