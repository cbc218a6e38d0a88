// The first message a page of the final app gets on its live WebSocket (/live): the dashboard's or a
// peer page's snapshot, read as the page would read it, from the page's own origin.
import { WebSocket } from 'ws';

export function firstLiveMessage<T>(pageUrl: string): Promise<T> {
  const origin = pageUrl.replace(/\/$/, '');
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/live`, { origin });
    socket.once('message', (data) => {
      resolve(JSON.parse(String(data)) as T);
      socket.close();
    });
    socket.once('error', reject);
  });
}
