import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The whole body of a request to a local double. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A text or JSON answer from a local double. */
export function send(response: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8' });
  response.end(text);
}

/** A double listening on a free loopback port; a handler that throws answers 500 with the error. */
export async function listenOnLoopback(route: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => send(response, 500, String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A local double of an outside service: listens on loopback at `start()`, answers with `route`. */
export abstract class LoopbackDouble {
  url = '';
  /** how long each answer takes, as a real service across the internet does (0: at once) */
  latencyMs = 0;
  private close: () => Promise<void> = async () => {};

  protected abstract route(request: IncomingMessage, response: ServerResponse): Promise<void>;

  async start(): Promise<void> {
    const listening = await listenOnLoopback(async (request, response) => {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      await this.route(request, response);
    });
    this.url = listening.url;
    this.close = listening.close;
  }

  async stop(): Promise<void> {
    await this.close();
  }
}
