/* Bench row msg-pingpong in C: 1-byte round trips between a parent and a fork()ed child over one
 * System V message queue (type 1 there, type 2 back); a 0 byte tells the child to exit. */
#include "bench.h"
#include <sys/msg.h>
#include <sys/wait.h>

struct msg1 { long mtype; char mtext[1]; };

static int msqid;

static void round_trips(long n, void *ctx) {
  (void)ctx;
  struct msg1 m;
  for (long i = 0; i < n; i++) {
    m.mtype = 1;
    m.mtext[0] = 1;
    if (msgsnd(msqid, &m, 1, 0) < 0) die("msgsnd");
    if (msgrcv(msqid, &m, 1, 2, 0) != 1) die("msgrcv");
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  msqid = msgget(IPC_PRIVATE, 0600);
  if (msqid < 0) die("msgget");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    struct msg1 m;
    for (;;) {
      if (msgrcv(msqid, &m, 1, 1, 0) != 1) die("echo: msgrcv");
      if (m.mtext[0] == 0) _exit(0);
      m.mtype = 2;
      if (msgsnd(msqid, &m, 1, 0) < 0) die("echo: msgsnd");
    }
  }
  long ops = calibrate(round_trips, NULL, a);
  measure(round_trips, NULL, ops, 0);
  struct msg1 stop = { 1, { 0 } };
  if (msgsnd(msqid, &stop, 1, 0) < 0) die("msgsnd");
  int status;
  if (waitpid(child, &status, 0) < 0) die("waitpid");
  msgctl(msqid, IPC_RMID, NULL);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
