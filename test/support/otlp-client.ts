import type { FastifyInstance } from 'fastify';
import type { CapturedRequest } from './fixtures.ts';

/** Sends a captured request to the app exactly as the client sent it (body bytes and content headers). */
export async function replay(app: FastifyInstance, key: string, request: CapturedRequest) {
  const headers: Record<string, string> = { 'content-type': request.contentType, authorization: `Bearer ${key}` };
  if (request.contentEncoding) headers['content-encoding'] = request.contentEncoding;
  return app.inject({ method: 'POST', url: `/v1/${request.signal}`, headers, payload: request.body });
}
