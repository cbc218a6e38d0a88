// A port where the grader plays one or more holders of files: every connection the student's peer
// opens is served at once by a script of the check's choosing, however many come and in whatever
// order, and the check collects what went wrong when it has seen the peer's verdicts.
import net from 'node:net';
import type { CheckContext } from '../../engine/check-context.ts';
import { JsonParty } from '../../engine/json-party.ts';
import { ScriptedSocket } from '../../engine/scripted-socket.ts';

export type ServeConnection = (party: JsonParty, index: number) => Promise<void>;

/** Whatever can report that a script of the grader's failed while the check waited on the peer. */
export interface FailureSource {
  readonly failed: boolean;
  throwIfFailed(): void;
}

export class HolderServer implements FailureSource {
  /** Connections accepted so far. */
  connections = 0;
  private readonly serving: Array<Promise<unknown>> = [];
  private firstProblem: unknown;

  private constructor(readonly port: number) {}

  /** Listens on 127.0.0.1 and serves each connection with `serve`; closed when the check ends. */
  static async start(ctx: CheckContext, label: (index: number) => string, serve: ServeConnection): Promise<HolderServer> {
    const server = net.createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const holder = new HolderServer((server.address() as net.AddressInfo).port);
    const sockets: net.Socket[] = [];
    ctx.defer(() => {
      server.close();
      for (const socket of sockets) socket.destroy();
    });
    ctx.note(`the grader listens on 127.0.0.1:${holder.port} as ${label(-1)}`);
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      socket.on('error', () => {}); // reported through the ScriptedSocket
      sockets.push(socket);
      const index = holder.connections;
      holder.connections += 1;
      ctx.note(`${label(index)} accepted a connection from ${socket.remoteAddress}:${socket.remotePort}`);
      const party = new JsonParty(new ScriptedSocket(socket, label(index), ctx.log, ctx.watch, ctx.protocol), 'peer-to-peer');
      holder.serving.push(serve(party, index).catch((problem: unknown) => {
        holder.firstProblem ??= problem;
        ctx.watch.changed();
      }));
      ctx.watch.changed();
    });
    return holder;
  }

  /** Waits for every connection's script to end; throws the first failure any of them met. */
  async settle(): Promise<void> {
    await Promise.all(this.serving);
    if (this.firstProblem !== undefined) throw this.firstProblem;
  }

  /** Whether a script has failed already. */
  get failed(): boolean {
    return this.firstProblem !== undefined;
  }

  /** The first failure met so far, without waiting for the scripts still running. */
  throwIfFailed(): void {
    if (this.firstProblem !== undefined) throw this.firstProblem;
  }
}

/** Several holder servers as one source of failures. */
export function allOf(servers: HolderServer[]): FailureSource {
  return {
    get failed() {
      return servers.some((server) => server.failed);
    },
    throwIfFailed: () => servers.forEach((server) => server.throwIfFailed()),
  };
}
