// struct ipc_perm as the x86_64 kernel and glibc lay it out (48 bytes, linux-ipc-facts.md §10):
// the first member of msqid_ds, semid_ds and shmid_ds, read the same way for all three.
import type { IpcPerm } from './types.js';

export const IPC_PERM_SIZE = 48;

export function readIpcPerm(dv: DataView, at: number): IpcPerm {
  return {
    __key: dv.getInt32(at, true),
    uid: dv.getUint32(at + 4, true),
    gid: dv.getUint32(at + 8, true),
    cuid: dv.getUint32(at + 12, true),
    cgid: dv.getUint32(at + 16, true),
    mode: dv.getUint32(at + 20, true),
    __seq: dv.getUint16(at + 24, true),
  };
}
