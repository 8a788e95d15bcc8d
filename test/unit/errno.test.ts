// The kernel's errno table (assembly/errno.ts) and the API's (src/api/errno.ts) must agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRNO } from '../../src/api/errno.js';
import { constants } from '../../src/api/constants.js';

describe('errno tables', () => {
  const source = readFileSync(new URL('../../assembly/errno.ts', import.meta.url), 'utf8');
  const kernel = [...source.matchAll(/export const (E\w+): i32 = (\d+);/g)]
    .filter(([, name]) => !name.startsWith('ERESTART'));
  it('every kernel errno exists in the API with the same number', () => {
    expect(kernel.length).toBeGreaterThan(30);
    for (const [, name, num] of kernel) expect([name, (ERRNO as Record<string, number>)[name]]).toEqual([name, Number(num)]);
  });
  it('constants carries every errno', () => {
    for (const [name, num] of Object.entries(ERRNO)) expect((constants as Record<string, number>)[name]).toBe(num);
  });
});
