import type { App } from '@slack/bolt';

/** A workspace that uninstalls the app or revokes its tokens is forgotten (its stored installation deleted). */
export function registerUninstallEvents(app: App, forget: (teamId: string) => Promise<void>): void {
  app.event('app_uninstalled', async ({ body }) => {
    if (body.team_id) await forget(body.team_id);
  });
  app.event('tokens_revoked', async ({ event, body }) => {
    if (body.team_id && (event.tokens.bot?.length ?? 0) > 0) await forget(body.team_id);
  });
}
