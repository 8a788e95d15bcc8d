// A small terminal emulator for the end-to-end test: enough of VT100/xterm to follow what Ink
// writes (cursor moves, erases, the alternate screen, cursor visibility) and read the screen back
// as text. Colours and attributes are parsed and dropped.

export class Screen {
  private main: string[][];
  private alt: string[][];
  private lines: string[][];
  row = 0;
  col = 0;
  private saved = { row: 0, col: 0 };
  private mainCursor = { row: 0, col: 0 };
  altScreen = false;
  cursorVisible = true;
  private pending = '';

  constructor(readonly columns: number, readonly rows: number) {
    this.main = this.blank();
    this.alt = this.blank();
    this.lines = this.main;
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array<string>(this.columns).fill(' '));
  }

  /** The screen as text, one line per row, trailing spaces removed. */
  text(): string {
    return this.lines.map((l) => l.join('').replace(/\s+$/, '')).join('\n');
  }

  write(data: string): void {
    const s = this.pending + data;
    this.pending = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '\u001b') {
        const end = this.escape(s, i);
        if (end < 0) {
          this.pending = s.slice(i); // an incomplete sequence: wait for the rest
          return;
        }
        i = end;
        continue;
      }
      if (c === '\r') this.col = 0;
      else if (c === '\n') this.lineFeed();
      else if (c === '\b') this.col = Math.max(0, this.col - 1);
      else if (c === '\t') this.col = Math.min(this.columns - 1, (Math.floor(this.col / 8) + 1) * 8);
      else if (c >= ' ' || c > '\u007f') this.put(c);
      i++;
    }
  }

  private put(c: string): void {
    if (this.col >= this.columns) {
      this.col = 0;
      this.lineFeed();
    }
    this.lines[this.row][this.col++] = c;
  }

  private lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.lines.shift();
      this.lines.push(Array<string>(this.columns).fill(' '));
    } else {
      this.row++;
    }
  }

  /** Handles the escape sequence at s[i]; returns the index after it, or -1 when incomplete. */
  private escape(s: string, i: number): number {
    const next = s[i + 1];
    if (next === undefined) return -1;
    if (next === '[') {
      let j = i + 2;
      while (j < s.length && !/[@-~]/.test(s[j])) j++;
      if (j >= s.length) return -1;
      this.csi(s.slice(i + 2, j), s[j]);
      return j + 1;
    }
    if (next === ']') {
      // OSC: up to BEL or ST.
      for (let j = i + 2; j < s.length; j++) {
        if (s[j] === '\u0007') return j + 1;
        if (s[j] === '\u001b' && s[j + 1] === '\\') return j + 2;
      }
      return -1;
    }
    if (next === '7') this.saved = { row: this.row, col: this.col };
    else if (next === '8') ({ row: this.row, col: this.col } = this.saved);
    else if (next === '(' || next === ')') return i + 3 <= s.length ? i + 3 : -1;
    return i + 2;
  }

  private csi(params: string, final: string): void {
    const priv = params.startsWith('?');
    const nums = (priv ? params.slice(1) : params).split(';').map((p) => (p === '' ? NaN : Number(p)));
    const n = (k: number, d: number) => (Number.isNaN(nums[k]) || nums[k] === undefined ? d : nums[k]);
    const clampRow = (r: number) => Math.max(0, Math.min(this.rows - 1, r));
    const clampCol = (c: number) => Math.max(0, Math.min(this.columns - 1, c));
    if (priv) {
      if (final !== 'h' && final !== 'l') return;
      for (const mode of nums) {
        if (mode === 25) this.cursorVisible = final === 'h';
        if (mode === 1049 || mode === 47 || mode === 1047) this.setAlt(final === 'h');
      }
      return;
    }
    switch (final) {
      case 'A': this.row = clampRow(this.row - n(0, 1)); break;
      case 'B': this.row = clampRow(this.row + n(0, 1)); break;
      case 'C': this.col = clampCol(this.col + n(0, 1)); break;
      case 'D': this.col = clampCol(this.col - n(0, 1)); break;
      case 'E': this.row = clampRow(this.row + n(0, 1)); this.col = 0; break;
      case 'F': this.row = clampRow(this.row - n(0, 1)); this.col = 0; break;
      case 'G': this.col = clampCol(n(0, 1) - 1); break;
      case 'H': case 'f': this.row = clampRow(n(0, 1) - 1); this.col = clampCol(n(1, 1) - 1); break;
      case 'J': {
        const mode = n(0, 0);
        if (mode === 0) {
          this.eraseLine(this.row, this.col, this.columns);
          for (let r = this.row + 1; r < this.rows; r++) this.eraseLine(r, 0, this.columns);
        } else if (mode === 1) {
          for (let r = 0; r < this.row; r++) this.eraseLine(r, 0, this.columns);
          this.eraseLine(this.row, 0, this.col + 1);
        } else {
          for (let r = 0; r < this.rows; r++) this.eraseLine(r, 0, this.columns);
        }
        break;
      }
      case 'K': {
        const mode = n(0, 0);
        if (mode === 0) this.eraseLine(this.row, this.col, this.columns);
        else if (mode === 1) this.eraseLine(this.row, 0, this.col + 1);
        else this.eraseLine(this.row, 0, this.columns);
        break;
      }
      default: break; // m (attributes) and the rest: no effect on the text
    }
  }

  private eraseLine(r: number, from: number, to: number): void {
    for (let c = from; c < Math.min(to, this.columns); c++) this.lines[r][c] = ' ';
  }

  private setAlt(on: boolean): void {
    if (on === this.altScreen) return;
    this.altScreen = on;
    if (on) {
      this.mainCursor = { row: this.row, col: this.col };
      this.alt = this.blank();
      this.lines = this.alt;
    } else {
      this.lines = this.main;
      ({ row: this.row, col: this.col } = this.mainCursor);
    }
  }
}
