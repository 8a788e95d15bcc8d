/* Bench row shm-copy-64m in C: 64 MiB copied into a System V shared memory segment with memcpy,
 * again and again (the pages are faulted in during the warm-up). */
#include "bench.h"
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SIZE (64L << 20)

static char *shm, *data;

static void copies(long n, void *ctx) {
  (void)ctx;
  for (long i = 0; i < n; i++) {
    data[i & 0xfff] = (char)i;
    memcpy(shm, data, SIZE);
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
  if (id < 0) die("shmget");
  shm = shmat(id, NULL, 0);
  shmctl(id, IPC_RMID, NULL); /* gone with the last detach, whatever happens */
  if (shm == (void *)-1) die("shmat");
  data = malloc(SIZE);
  if (!data) die("malloc");
  memset(data, 0x5a, SIZE);
  long ops = calibrate(copies, NULL, a);
  measure(copies, NULL, ops, SIZE);
  return shmdt(shm) == 0 ? 0 : 1;
}
