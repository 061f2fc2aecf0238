/**
 * Limits every pretty-printer shares. Indenting costs two spaces per level on every line, so
 * deep or wide bodies could grow without bound (100,000 levels is ten billion spaces): past
 * these limits a viewer shows the raw text and says why.
 */
export interface IndentLimits {
  /** Deeper than this is not something a reader follows by indentation. */
  maxDepth: number;
  /** The output may be at most `growth` × the input plus `slack` characters. */
  growth: number;
  slack: number;
}

export const INDENT_LIMITS: IndentLimits = { maxDepth: 1000, growth: 8, slack: 64 * 1024 };

export type Indented = { ok: true; text: string; note: string | null } | { ok: false; reason: string };

/** The output of a pretty-printer under construction, which stops growing once a limit is passed. */
export class IndentedText {
  private out = '';
  private readonly budget: number;
  /** `'\n' + '  '.repeat(depth)` by depth, built once each. */
  private readonly newlines = ['\n'];
  depth = 0;
  maxDepth = 0;
  overBudget = false;

  constructor(
    inputLength: number,
    private readonly limits: IndentLimits = INDENT_LIMITS,
  ) {
    this.budget = limits.growth * inputLength + limits.slack;
  }

  get tooDeep(): boolean {
    return this.maxDepth > this.limits.maxDepth;
  }

  /** Whether writing has stopped (the printers keep scanning only to measure the depth). */
  get stopped(): boolean {
    return this.overBudget || this.tooDeep;
  }

  get isEmpty(): boolean {
    return this.out.length === 0;
  }

  enter(): void {
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }

  /** Never below zero: broken input may close more than it opened. */
  leave(): void {
    if (this.depth > 0) this.depth--;
  }

  write(text: string): void {
    if (this.stopped) return;
    if (this.out.length + text.length > this.budget) this.overBudget = true;
    else this.out += text;
  }

  /** A line break indented to `depth` (the current depth by default). */
  newline(depth = this.depth): void {
    if (this.stopped) return;
    while (this.newlines.length <= depth) this.newlines.push(this.newlines.at(-1)! + '  ');
    this.write(this.newlines[depth]!);
  }

  result(note: string | null = null): Indented {
    if (this.tooDeep) return { ok: false, reason: `Nested ${this.maxDepth.toLocaleString('en')} levels deep: shown as raw text.` };
    if (this.overBudget) return { ok: false, reason: `Indented, it would be over ${this.limits.growth} times its size: shown as raw text.` };
    return { ok: true, text: this.out, note };
  }
}
