// Reads a .cpuprofile written by `node --cpu-prof` and names where the time went (self time per
// function), so a benchmark that misses a target can say why.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The `top` functions by self time across every profile in `dir`, as Markdown list lines. */
export async function hottestFunctions(dir: string, root: string, top = 8): Promise<string[]> {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    const names = new Map(profile.nodes.map((node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url || 'native';
      return [node.id, `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`];
    }));
    profile.samples.forEach((id, index) => {
      const micros = profile.timeDeltas[index] ?? 0;
      const name = names.get(id) ?? '?';
      self.set(name, (self.get(name) ?? 0) + micros);
      total += micros;
    });
  }
  self.delete('(idle) native:0'); // waiting is not work
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => `- ${((100 * micros) / Math.max(1, total)).toFixed(1)}% \`${name}\``);
}
