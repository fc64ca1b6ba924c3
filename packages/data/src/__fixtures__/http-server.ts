// A local HTTP server on 127.0.0.1 serving fixture files, with Range support and scripted faults
// (cut connections, error statuses), for the download tests. Never contacts another host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly range?: string;
}

/** A running fixture server. */
export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly files: Map<string, Uint8Array>;
  readonly requests: SeenRequest[];
  /** Cut the next `count` responses for `path` after `bytes` body bytes. */
  cut(path: string, bytes: number, count?: number): void;
  close(): Promise<void>;
}

/** Starts a server on an ephemeral port of 127.0.0.1. */
export async function startFixtureServer(
  files: Record<string, Uint8Array> = {},
): Promise<FixtureServer> {
  const map = new Map(Object.entries(files));
  const requests: SeenRequest[] = [];
  const cuts = new Map<string, { bytes: number; count: number }>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const range = request.headers.range;
    requests.push({ path, ...(range ? { range } : {}) });
    const body = map.get(path);
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const match = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= body.length) {
        response.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      response.writeHead(206, {
        'Content-Length': body.length - start,
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
    } else {
      response.writeHead(200, { 'Content-Length': body.length });
    }
    const cut = cuts.get(path);
    if (cut && cut.count > 0) {
      cut.count--;
      response.write(body.subarray(start, start + cut.bytes), () => response.socket?.destroy());
      return;
    }
    response.end(body.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    files: map,
    requests,
    cut: (path, bytes, count = 1) => void cuts.set(path, { bytes, count }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (the server was started and closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
