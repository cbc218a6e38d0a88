// The live memory of an inspected process: what is still reachable after a full collection. RSS cannot
// say this, because V8 and the C allocator keep pages they grew into long after the objects are gone.
import type { InspectorSession } from './inspector-session.ts';

export interface HeapFigures {
  /** JS heap in use after a full collection (V8's own count). */
  usedMiB: number;
  /** JS heap reserved by V8. */
  totalMiB: number;
  /** Memory of C++ objects tied to JS ones (sockets' buffers, Buffers); null if it cannot be read. */
  externalMiB: number | null;
  /** Of that, ArrayBuffers and Buffers. */
  arrayBuffersMiB: number | null;
  rssMiB: number | null;
}

const MiB = 1024 * 1024;
const round = (bytes: number) => Math.round((bytes / MiB) * 100) / 100;

interface MemoryUsage {
  rss: number;
  external: number;
  arrayBuffers: number;
}

export async function settledHeap(inspector: InspectorSession): Promise<HeapFigures> {
  // Twice: the first collection runs weak callbacks and finalizers that free more for the second.
  await inspector.call('HeapProfiler.collectGarbage');
  await inspector.call('HeapProfiler.collectGarbage');
  const heap = await inspector.call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
  const usage = await memoryUsage(inspector);
  return {
    usedMiB: round(heap.usedSize),
    totalMiB: round(heap.totalSize),
    externalMiB: usage ? round(usage.external) : null,
    arrayBuffersMiB: usage ? round(usage.arrayBuffers) : null,
    rssMiB: usage ? round(usage.rss) : null,
  };
}

/** process.memoryUsage() evaluated inside the process; null if this inspector cannot evaluate. */
async function memoryUsage(inspector: InspectorSession): Promise<MemoryUsage | null> {
  try {
    const reply = await inspector.call<{ result: { value?: MemoryUsage }; exceptionDetails?: unknown }>('Runtime.evaluate', {
      expression: 'globalThis.process?.memoryUsage()',
      returnByValue: true,
    });
    return reply.exceptionDetails || !reply.result.value ? null : reply.result.value;
  } catch {
    return null;
  }
}
