/* Bench row pipe-pingpong in C: 1-byte round trips between a parent and a fork()ed child over two
 * pipes; a 0 byte tells the child to exit. */
#include "bench.h"
#include <sys/wait.h>

static int to_child[2], to_parent[2];

static void round_trips(long n, void *ctx) {
  (void)ctx;
  char b = 1;
  for (long i = 0; i < n; i++) {
    b = 1;
    if (write(to_child[1], &b, 1) != 1) die("write");
    if (read(to_parent[0], &b, 1) != 1) die("read");
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  if (pipe(to_child) < 0 || pipe(to_parent) < 0) die("pipe");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    char b;
    for (;;) {
      ssize_t n = read(to_child[0], &b, 1);
      if (n < 0) die("echo: read");
      if (n == 0 || b == 0) _exit(0);
      if (write(to_parent[1], &b, 1) != 1) die("echo: write");
    }
  }
  close(to_child[0]);
  close(to_parent[1]);
  long ops = calibrate(round_trips, NULL, a);
  measure(round_trips, NULL, ops, 0);
  char stop = 0;
  if (write(to_child[1], &stop, 1) != 1) die("write");
  int status;
  if (waitpid(child, &status, 0) < 0) die("waitpid");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
