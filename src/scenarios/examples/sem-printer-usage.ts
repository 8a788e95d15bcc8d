// The tutorial's printer_usage(): a set of MAX_PRINTERS semaphores, one per printer, each set up
// with init_semaphore (SETVAL) and read back with get_sem_val (GETVAL). Here a print job takes
// printers 1 and 3 in one atomic semop between two looks at the usage.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';
import type { Sys } from '../../api/types.js';

const MAX_PRINTERS = 5;

async function printerUsage(sys: Sys, sid: number): Promise<void> {
  for (let x = 0; x < MAX_PRINTERS; x++) await sys.print(`Printer${x}:${await sys.semctl(sid, x, C.GETVAL, 0)}`);
}

export default defineScenario({
  name: 'sem-printer-usage',
  description: 'five printers as five semaphores: SETVAL each to 1, a job takes two, GETVAL shows the usage',
  programs: {
    async main(sys) {
      const sid = await sys.semget(await sys.ftok('.', 'p'.charCodeAt(0)), MAX_PRINTERS, C.IPC_CREAT | 0o660);
      for (let x = 0; x < MAX_PRINTERS; x++) await sys.semctl(sid, x, C.SETVAL, 1); // init_semaphore
      await printerUsage(sys, sid);
      await sys.waitpid(await sys.fork('job', { sid }));
      await sys.print('after the job took printers 1 and 3:');
      await printerUsage(sys, sid);
      await sys.semctl(sid, 0, C.IPC_RMID);
    },
    async job(sys, { sid }: { sid: number }) {
      await sys.semop(sid, [{ sem_num: 1, sem_op: -1 }, { sem_num: 3, sem_op: -1 }]);
      await sys.print('job: printers 1 and 3 taken');
    },
  },
});
