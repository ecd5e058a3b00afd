/**
 * Splits items into batches whose JSON stays under `maxBytes` (a receiver's body limit), in order.
 * An item that is alone over the limit gets a batch of its own: the receiver's 413 then names it.
 */
export function batchesUnder<T>(items: readonly T[], maxBytes: number): T[][] {
  const out: T[][] = [];
  let batch: T[] = [];
  let size = 2;
  for (const item of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (batch.length && size + bytes > maxBytes) {
      out.push(batch);
      batch = [];
      size = 2;
    }
    batch.push(item);
    size += bytes;
  }
  if (batch.length) out.push(batch);
  return out;
}
