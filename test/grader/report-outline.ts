// The structure of an HTML report, as text a person can review in a diff: each failed check, its
// lifelines left to right, every step of its diagram in order (its kind, whether it is red, its
// words), the records it links to, and its datagram counts. Coordinates, colours and styles are left
// out: they change with any tweak of the layout and say nothing about what the report tells.

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
const unescape = (text: string) => text.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity] ?? entity);

export function reportOutline(html: string): string {
  const lines: string[] = [];
  for (const [, id, kind, body = ''] of html.matchAll(/<details class="check failed" id="[^"]+" open><summary>✗ <code>([^<]*)<\/code>.*?<span class="kind">([^<]*)<\/span><\/summary>(.*?)<\/details>/gs)) {
    lines.push(`check ${unescape(id ?? '')} (${kind})`);
    const svg = /<svg[^>]*>(.*?)<\/svg>/s.exec(body)?.[1] ?? '';
    const heads = [...svg.matchAll(/<text [^>]*font-weight="700"[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1] ?? ''));
    lines.push(`  lifelines: ${heads.join(' | ')}`);
    // A step links to its record; a pause between steps (a <g>, no link) is drawn too.
    for (const [, , classes = '', href = '', inner = ''] of svg.matchAll(/<(a|g) class="step ([^"]*)"(?: href="#([^"]*)")?>(.*?)<\/\1>/gs)) {
      const words = [...inner.replace(/<title>.*?<\/title>/s, '').matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1] ?? ''));
      const [kind, ...flags] = classes.split(' ');
      lines.push(`  ${href.replace(/^.*-(e\d+)$/, '$1').padEnd(4)} ${kind}${flags.includes('alert') ? ' ✗' : ''}: ${words.join(' / ')}`);
    }
    const records = [...body.matchAll(/<li id="[^"]*-(e\d+)"/g)].map((m) => m[1]);
    lines.push(`  records: ${records.length} (${records[0] ?? ''} … ${records.at(-1) ?? ''})`);
    for (const [, row = ''] of body.matchAll(/<tr><th scope="row">(.*?)<\/tr>/gs)) {
      lines.push(`  datagrams: ${unescape(row.replace(/<\/th>/, ':').replace(/<\/td>/g, ' ').replace(/<[^>]+>/g, '')).trim()}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
