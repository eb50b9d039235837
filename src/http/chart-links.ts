import { VALUE_FILTERS } from '../domain/metrics/report-types.ts';
import type { ReportRequest } from '../app/build-report.ts';
import type { ChartLinks } from '../app/ports.ts';
import { signChartLink } from './chart-link-token.ts';

export interface ChartLinkSigning {
  secret: Buffer;
  /** PUBLIC_URL; without it no absolute link can be made for a chat platform to fetch */
  publicUrl: string | null;
  ttlSeconds: number;
}

/** A report request as the chart routes' query parameters (what `parseReportQuery` reads back). */
export function reportQueryOf(request: Omit<ReportRequest, 'view'>): Record<string, string> {
  const entries: Array<[string, string | null | undefined]> = [
    ['range', request.range],
    ['from', request.from],
    ['to', request.to],
    ['tz', request.tz],
    ['person', request.filters.person],
    ...VALUE_FILTERS.map((key): [string, string | null] => [key, request.filters[key]]),
    ['scope', request.scope],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Signed `/c/<token>.png` links that render with the rights of the request's caller. */
export function signedChartLinks(signing: ChartLinkSigning, now: () => Date): ChartLinks {
  return {
    linkFor(chart, request) {
      if (!signing.publicUrl) return null;
      const expiresAt = Math.floor(now().getTime() / 1000) + signing.ttlSeconds;
      const { caller } = request;
      const token = signChartLink(signing.secret, { orgId: caller.orgId, chart, query: reportQueryOf(request), personEmail: caller.personEmail, isAdmin: caller.isAdmin, expiresAt, keyId: null });
      return `${signing.publicUrl.replace(/\/+$/, '')}/c/${token}.png`;
    },
  };
}
