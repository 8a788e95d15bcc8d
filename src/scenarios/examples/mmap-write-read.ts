// The tutorial's mmap_write.c and mmap_read.c: ten `people` records ({ char name[4]; int age; },
// 8 bytes each) written through a shared mapping of a file and read back by another process
// through its own mapping.
import { defineScenario } from '../define.js';
import { constants as C } from '../../api/constants.js';

const RECORD = 8; // sizeof(people)
const FILE = 'people.dat';

export default defineScenario({
  name: 'mmap-write-read',
  description: 'mmap_write stores ten records through a file mapping, mmap_read prints them',
  programs: {
    async main(sys) {
      await sys.waitpid(await sys.fork('mmap_write', { file: FILE }));
      await sys.waitpid(await sys.fork('mmap_read', { file: FILE }));
      await sys.unlink(FILE);
    },
    async mmap_write(sys, { file }: { file: string }) {
      const fd = await sys.open(file, C.O_CREAT | C.O_RDWR | C.O_TRUNC, 0o666);
      await sys.lseek(fd, RECORD * 10 - 1, C.SEEK_SET);
      await sys.write(fd, new Uint8Array(1)); // write(fd, "", 1): the file is 80 bytes long
      const map = await sys.mmap(10 * RECORD, C.PROT_READ | C.PROT_WRITE, C.MAP_SHARED, fd, 0);
      await sys.close(fd);
      let temp = 'a'.charCodeAt(0);
      for (let count = 0; count < 10; count++) {
        temp += 1;
        map.write(count * RECORD, new Uint8Array([temp, 0])); // memcpy(name, &temp, 2)
        map.writeInt32(count * RECORD + 4, 20 + count);
      }
      await sys.print('mmap write finished.');
    },
    async mmap_read(sys, { file }: { file: string }) {
      const fd = await sys.open(file, C.O_CREAT | C.O_RDWR, 0o666);
      const map = await sys.mmap(10 * RECORD, C.PROT_READ | C.PROT_WRITE, C.MAP_SHARED, fd, 0);
      for (let count = 0; count < 10; count++) {
        const name = map.read(count * RECORD, 4);
        const text = new TextDecoder().decode(name.subarray(0, name.indexOf(0)));
        await sys.print(`name:${text} age:${map.readInt32(count * RECORD + 4)}`);
      }
      await sys.munmap(map, 10 * RECORD);
    },
  },
});
