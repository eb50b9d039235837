import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installRoutes } from '../../src/http/routes/install-routes.ts';

async function appWith(publicUrl: string | null, tarball: string | null) {
  const app = Fastify();
  await app.register(installRoutes, { publicUrl, tarball });
  return app;
}

describe('GET /install', () => {
  it('uses PUBLIC_URL over the Host header', async () => {
    const app = await appWith('https://uptake.acme.test/', null);
    const res = await app.inject({ method: 'GET', url: '/install', headers: { host: 'elsewhere.example:8080' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm install -g https://uptake.acme.test/cli/uptake-cli.tgz');
    expect(res.body).toContain('uptake claude setup --endpoint https://uptake.acme.test --api-key');
    expect(res.body).not.toContain('elsewhere');
  });

  it('echoes only a well-formed Host', async () => {
    const app = await appWith(null, null);
    const good = await app.inject({ method: 'GET', url: '/install', headers: { host: 'uptake.internal:4318' } });
    expect(good.body).toContain('npm install -g http://uptake.internal:4318/cli/uptake-cli.tgz');
    const bad = await app.inject({ method: 'GET', url: '/install', headers: { host: 'x"><script>alert(1)</script>' } });
    expect(bad.statusCode).toBe(200);
    expect(bad.body).not.toContain('<script>');
    expect(bad.body).toContain('https://<this-server>/cli/uptake-cli.tgz');
  });
});

describe('GET /cli/uptake-cli.tgz', () => {
  it('answers 503 saying how to build the package when it is not built', async () => {
    const app = await appWith(null, '/nonexistent/uptake-cli.tgz');
    const res = await app.inject({ method: 'GET', url: '/cli/uptake-cli.tgz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('npm run build:cli');
  });
});
