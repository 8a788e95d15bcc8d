/* Bench row sem-uncontended-pv in C: P then V on a semaphore nobody else uses, in one process. */
#include "bench.h"
#include <sys/ipc.h>
#include <sys/sem.h>

static int semid;

static void pv(long n, void *ctx) {
  (void)ctx;
  struct sembuf p = { 0, -1, 0 }, v = { 0, 1, 0 };
  for (long i = 0; i < n; i++) {
    if (semop(semid, &p, 1) < 0) die("semop P");
    if (semop(semid, &v, 1) < 0) die("semop V");
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  semid = semget(IPC_PRIVATE, 1, 0600);
  if (semid < 0) die("semget");
  if (semctl(semid, 0, SETVAL, 1) < 0) die("semctl");
  long ops = calibrate(pv, NULL, a);
  measure(pv, NULL, ops, 0);
  semctl(semid, 0, IPC_RMID);
  return 0;
}
