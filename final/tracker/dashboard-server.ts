// The tracker's dashboard: a page that shows the live picture, sent whole to every open page at most a
// few times a second however busy the tracker is.
import type { DashboardSnapshot, ToDashboard } from '../shared/dashboard-snapshot.ts';
import { LiveClients } from '../ui-server/live-clients.ts';
import type { UiAddress } from '../ui-server/ui-flags.ts';
import { addSlidesRoute, hasSlides } from '../ui-server/slides-route.ts';
import { startWebServer, type RunningWebServer } from '../ui-server/web-server.ts';
import type { TrackerWatch } from './tracker-watch.ts';

const SNAPSHOT_EVERY_MS = 200;

export async function startDashboard(address: UiAddress, watch: TrackerWatch): Promise<RunningWebServer> {
  const pages = new LiveClients<ToDashboard>();
  const slides = hasSlides();
  const snapshot = (): DashboardSnapshot => ({ ...watch.snapshot(), slides, present: address.present === true });
  let timer: NodeJS.Timeout | undefined;
  watch.on('changed', () => {
    if (timer || pages.count === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      pages.broadcast({ kind: 'snapshot', snapshot: snapshot() });
    }, SNAPSHOT_EVERY_MS);
  });
  const server = await startWebServer({
    ...address,
    page: 'dashboard',
    routes: async (app) => void (await addSlidesRoute(app)),
    onLiveSocket: (socket) => pages.add(socket, { kind: 'snapshot', snapshot: snapshot() }),
  });
  return {
    ...server,
    close: async () => {
      clearTimeout(timer);
      await server.close();
    },
  };
}
