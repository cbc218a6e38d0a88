// User text (chat lines, file names, labels in diagrams, the bytes a graded program sent) is always
// escaped: a slide or a report about the message `<b>hi</b>` must show those characters, not bold text.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and XML (SVG), in element content and in quoted attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
