/**
 * Microsoft's Bot Connector hosts for Teams (commercial, GCC, GCC High, DoD). Replies go only to a service URL under
 * one of these (or TEAMS_SERVICE_URLS), so a forged activity cannot make Uptake send org data where its sender likes.
 */
export const MICROSOFT_SERVICE_URLS = [
  'https://smba.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
  'https://smba.infra.gov.teams.microsoft.us/',
  'https://smba.infra.dod.teams.microsoft.us/',
];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isLoopbackUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK_HOSTS.has(parsed.hostname);
}

/** Whether `url` lies under one of the `allowed` prefixes (same scheme, host and port; path starting with theirs). */
export function isAllowedServiceUrl(url: string, allowed: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password) return false;
  return allowed.some((prefix) => {
    const base = parse(prefix);
    return base !== null && base.origin === parsed.origin && parsed.pathname.startsWith(base.pathname);
  });
}
