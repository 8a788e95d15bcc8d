/* Bench row msg-throughput-64b in C: a fork()ed child sends 64-byte messages (type 1) to the
 * parent over one System V message queue; the parent asks for each batch with a type-2 message
 * holding the count (0 = exit). */
#include "bench.h"
#include <stdint.h>
#include <sys/msg.h>
#include <sys/wait.h>

#define SIZE 64

struct data_msg { long mtype; char mtext[SIZE]; };
struct control_msg { long mtype; uint32_t count; };

static int msqid;

static void ask(uint32_t n) {
  struct control_msg c = { 2, n };
  if (msgsnd(msqid, &c, sizeof c.count, 0) < 0) die("msgsnd");
}

static void messages(long n, void *ctx) {
  (void)ctx;
  struct data_msg m;
  ask((uint32_t)n);
  for (long i = 0; i < n; i++) {
    if (msgrcv(msqid, &m, SIZE, 1, 0) != SIZE) die("msgrcv");
  }
}

static void sender(void) {
  struct data_msg m;
  m.mtype = 1;
  memset(m.mtext, 0x5a, SIZE);
  for (;;) {
    struct control_msg c;
    if (msgrcv(msqid, &c, sizeof c.count, 2, 0) != (ssize_t)sizeof c.count) die("sender: msgrcv");
    if (c.count == 0) _exit(0);
    for (uint32_t i = 0; i < c.count; i++) {
      if (msgsnd(msqid, &m, SIZE, 0) < 0) die("sender: msgsnd");
    }
  }
}

int main(int argc, char **argv) {
  struct bench_args a = parse_args(argc, argv);
  msqid = msgget(IPC_PRIVATE, 0600);
  if (msqid < 0) die("msgget");
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) sender();
  long ops = calibrate(messages, NULL, a);
  measure(messages, NULL, ops, SIZE);
  ask(0);
  int status;
  if (waitpid(child, &status, 0) < 0) die("waitpid");
  msgctl(msqid, IPC_RMID, NULL);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
