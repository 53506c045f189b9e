/**
 * Memoised rendering for a preview that re-renders every block on each keystroke: a small LRU keyed
 * by the block's source, the context's `dataVersion` and the minute (the data's age and the
 * frozen date are written to the minute). Pure.
 */
import type { RenderedBlock } from './common';
import type { BlockContext } from './context';
import { MAX_BLOCK_CHARS } from './grammar';
import { renderSource } from './render';

export class BlockCache {
  private readonly entries = new Map<string, RenderedBlock>();
  hits = 0;
  misses = 0;

  /** `capacity`: blocks kept (a few notes' worth); `granularityMs`: how long a rendering stays valid for the same data. */
  constructor(
    readonly capacity = 200,
    readonly granularityMs = 60_000,
  ) {}

  /** The rendering of a block's content: from the cache when the source, the data version and the minute are the same. */
  render(source: string, ctx: BlockContext, now: Date): RenderedBlock {
    // Over-long content is a parse error, cheap to repeat; it is not worth a key that size.
    if (source.length > MAX_BLOCK_CHARS) return renderSource(source, ctx, now);
    const key = `${String(ctx.dataVersion)}\u0000${Math.floor(now.getTime() / this.granularityMs)}\u0000${source}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.misses++;
    const out = renderSource(source, ctx, now);
    this.entries.set(key, out);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return out;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
