/* Bench row pipe-throughput-64k in C: a fork()ed child writes 64 KiB chunks, the parent reads them
 * with 64 KiB reads. The parent asks for each batch over a control pipe (a 4-byte chunk count,
 * 0 = exit). */
#include "bench.h"
#include <stdint.h>
#include <sys/wait.h>

#define CHUNK (64 * 1024)

static int data[2], control[2];
static char buf[CHUNK];

static void chunks(long n, void *ctx) {
  (void)ctx;
  uint32_t count = (uint32_t)n;
  write_all(control[1], &count, sizeof count);
  for (long left = n * (long)CHUNK; left > 0;) {
    ssize_t got = read(data[0], buf, CHUNK);
    if (got < 0) {
      if (errno == EINTR) continue;
      die("read");
    }
    if (got == 0) {
      fprintf(stderr, "writer: end of file\n");
      exit(1);
    }
    left -= got;
  }
}

static void writer(void) {
  close(data[0]);
  close(control[1]);
  memset(buf, 0x5a, sizeof buf);
  for (;;) {
    uint32_t n;
    if (read(control[0], &n, sizeof n) != (ssize_t)sizeof n) die("control: read");
    if (n == 0) _exit(0);
    for (uint32_t i = 0; i < n; i++) write_all(data[1], buf, CHUNK);
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  if (pipe(data) < 0 || pipe(control) < 0) die("pipe");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) writer();
  close(data[1]);
  close(control[0]);
  long ops = calibrate(chunks, NULL, a);
  measure(chunks, NULL, ops, CHUNK);
  uint32_t stop = 0;
  write_all(control[1], &stop, sizeof stop);
  int status;
  if (waitpid(child, &status, 0) < 0) die("waitpid");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
