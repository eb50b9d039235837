import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;

export interface ChatViewerEntry {
  kind: 'user' | 'usergroup';
  id: string;
}

/** Who an org allows to see per-person numbers (user ids and user groups). */
export type ViewerList = (orgId: string) => Promise<ChatViewerEntry[]>;

const TTL_MS = 5 * 60_000;

/** A small time-limited cache so a burst of clicks does not call users.info again and again. */
function cache<T>(now: () => number) {
  const entries = new Map<string, { value: T; expires: number }>();
  return async (key: string, load: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit && hit.expires > now()) return hit.value;
    const value = await load();
    if (entries.size > 10_000) entries.clear();
    entries.set(key, { value, expires: now() + TTL_MS });
    return value;
  };
}

/** Looks people up in Slack: their email (users:read.email) and whether they may see per-person numbers. */
export class SlackPeople {
  private readonly emails = cache<string | null>(Date.now);
  private readonly groups = cache<string[]>(Date.now);

  constructor(private readonly viewers: ViewerList) {}

  async email(client: WebClient, teamId: string, userId: string): Promise<string | null> {
    return this.emails(`${teamId}:${userId}`, async () => {
      const result = await client.users.info({ user: userId });
      const email = result.user?.profile?.email;
      return typeof email === 'string' && email.includes('@') ? email.toLowerCase() : null;
    });
  }

  /** A listed user, or a member of a listed user group (usergroups:read). */
  async mayViewPeople(client: WebClient, orgId: string, teamId: string, userId: string): Promise<boolean> {
    const viewers = await this.viewers(orgId);
    if (viewers.some((v) => v.kind === 'user' && v.id === userId)) return true;
    for (const group of viewers.filter((v) => v.kind === 'usergroup')) {
      const members = await this.groups(`${teamId}:${group.id}`, async () => {
        const result = await client.usergroups.users.list({ usergroup: group.id });
        return result.users ?? [];
      }).catch((): string[] => []);
      if (members.includes(userId)) return true;
    }
    return false;
  }
}
