/**
 * Which objects of the final revision can show something different from the signed revision: those whose
 * cross-reference entry changed, and every object from which such an object can be reached through
 * references. An object whose entry did not change but which refers (perhaps through a cycle, as /Parent
 * links make) to a rewritten one is "dirty" too, so a comparison may only skip objects that are clean.
 * Strongly connected components (Tarjan, iterative) settle cycles in one pass; the walk is bounded.
 */
import { PdfStream } from '../document/indirect-object.js';
import type { PdfDocument, Revision } from '../document/pdf-document.js';
import { PdfDict, PdfRef, type PdfValue } from '../pdf-object-reader.js';

const MAX_DEPTH = 64;

/** Object numbers referenced by a value (not following them). */
export function referencesIn(
  value: PdfValue | PdfStream | undefined,
  out: number[] = [],
  depth = 0,
): number[] {
  if (depth > MAX_DEPTH) return out;
  if (value instanceof PdfRef) out.push(value.num);
  else if (value instanceof PdfStream) referencesIn(value.dict, out, depth + 1);
  else if (value instanceof PdfDict)
    for (const item of value.entries.values()) referencesIn(item, out, depth + 1);
  else if (Array.isArray(value)) for (const item of value) referencesIn(item, out, depth + 1);
  return out;
}

interface Frame {
  node: number;
  next: number[];
  at: number;
}

export class DirtyObjects {
  private readonly index = new Map<number, number>();
  private readonly low = new Map<number, number>();
  private readonly onStack = new Set<number>();
  private readonly stack: number[] = [];
  private readonly dirty = new Set<number>();
  private readonly edges = new Map<number, number[]>();
  private counter = 0;
  /** Set when the walk ran out of budget: from then on everything counts as dirty. */
  private overflow = false;

  constructor(
    private readonly doc: PdfDocument,
    private readonly before: Revision,
    private readonly after: Revision,
    private budget = 300_000,
  ) {}

  /** Whether object `num` (in the final revision) may show something the signed revision did not. */
  has(num: number): boolean {
    if (this.overflow) return true;
    if (!this.index.has(num)) this.walk(num);
    return this.overflow || this.dirty.has(num);
  }

  private changed(num: number): boolean {
    const old = this.doc.entryKey(num, this.before);
    return old === undefined || old !== this.doc.entryKey(num, this.after);
  }

  private successors(num: number): number[] {
    let found = this.edges.get(num);
    if (!found) {
      found = referencesIn(this.doc.object(num, this.after));
      this.edges.set(num, found);
      this.budget -= 1 + found.length;
      if (this.budget < 0) this.overflow = true;
    }
    return found;
  }

  private enter(node: number, frames: Frame[]): void {
    this.index.set(node, this.counter);
    this.low.set(node, this.counter++);
    this.stack.push(node);
    this.onStack.add(node);
    frames.push({ node, next: this.successors(node), at: 0 });
  }

  private walk(start: number): void {
    const frames: Frame[] = [];
    this.enter(start, frames);
    while (frames.length > 0 && !this.overflow) {
      const frame = frames[frames.length - 1] as Frame;
      if (frame.at < frame.next.length) {
        const next = frame.next[frame.at++] as number;
        if (!this.index.has(next)) this.enter(next, frames);
        else if (this.onStack.has(next))
          this.low.set(frame.node, Math.min(this.low.get(frame.node) ?? 0, this.index.get(next) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent)
        this.low.set(parent.node, Math.min(this.low.get(parent.node) ?? 0, this.low.get(frame.node) ?? 0));
      if (this.low.get(frame.node) === this.index.get(frame.node)) this.closeComponent(frame.node);
    }
  }

  /** Pop one component; it is dirty if a member changed or refers to a dirty component. */
  private closeComponent(root: number): void {
    const members: number[] = [];
    for (let member = this.stack.pop(); member !== undefined; member = this.stack.pop()) {
      this.onStack.delete(member);
      members.push(member);
      if (member === root) break;
    }
    const dirty = members.some(
      (member) => this.changed(member) || (this.edges.get(member) ?? []).some((next) => this.dirty.has(next)),
    );
    if (dirty) for (const member of members) this.dirty.add(member);
  }
}
