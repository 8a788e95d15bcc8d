/* Bench row sem-pingpong in C: round trips between a parent and a fork()ed child over a set of two
 * semaphores (the parent raises 0 and waits on 1, the child waits on 0 and raises 1); removing the
 * set tells the child to exit. */
#include "bench.h"
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>

static int semid;

static void sem(unsigned short num, short op) {
  struct sembuf b = { num, op, 0 };
  if (semop(semid, &b, 1) < 0) die("semop");
}

static void round_trips(long n, void *ctx) {
  (void)ctx;
  for (long i = 0; i < n; i++) {
    sem(0, 1);
    sem(1, -1);
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  semid = semget(IPC_PRIVATE, 2, 0600);
  if (semid < 0) die("semget");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    for (;;) {
      struct sembuf p = { 0, -1, 0 };
      if (semop(semid, &p, 1) < 0) _exit(errno == EIDRM || errno == EINVAL ? 0 : 1);
      sem(1, 1);
    }
  }
  long ops = calibrate(round_trips, NULL, a);
  measure(round_trips, NULL, ops, 0);
  if (semctl(semid, 0, IPC_RMID) < 0) die("semctl");
  int status;
  if (waitpid(child, &status, 0) < 0) die("waitpid");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
