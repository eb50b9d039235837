import type { Selectable } from 'kysely';
import type { Db } from './database.ts';
import type { SlackInstallationsTable } from './schema.ts';
import type { SecretBox } from './secret-box.ts';

export interface SlackInstallation {
  orgId: string;
  teamId: string;
  teamName: string | null;
  botToken: string;
  botUserId: string | null;
  botId: string | null;
  installedBy: string | null;
}

function installationOf(box: SecretBox, row: Selectable<SlackInstallationsTable>): SlackInstallation {
  return {
    orgId: row.org_id,
    teamId: row.team_id,
    teamName: row.team_name,
    botToken: box.open(row.bot_token_encrypted),
    botUserId: row.bot_user_id,
    botId: row.bot_id,
    installedBy: row.installed_by,
  };
}

/** Saves (or replaces, on reinstall) a workspace's installation; the bot token is stored encrypted. */
export async function saveInstallation(db: Db, box: SecretBox, install: SlackInstallation): Promise<void> {
  const values = {
    org_id: install.orgId,
    team_id: install.teamId,
    team_name: install.teamName,
    bot_user_id: install.botUserId,
    bot_id: install.botId,
    bot_token_encrypted: box.seal(install.botToken),
    installed_by: install.installedBy,
  };
  await db.transaction().execute(async (tx) => {
    // a workspace belongs to one org: reinstalling under another org moves it
    await tx.deleteFrom('slack_installations').where('team_id', '=', install.teamId).execute();
    await tx.insertInto('slack_installations').values(values).execute();
  });
}

export async function findInstallation(db: Db, box: SecretBox, teamId: string): Promise<SlackInstallation | null> {
  const row = await db.selectFrom('slack_installations').selectAll().where('team_id', '=', teamId).executeTakeFirst();
  return row ? installationOf(box, row) : null;
}

export async function deleteInstallation(db: Db, teamId: string): Promise<boolean> {
  const result = await db.deleteFrom('slack_installations').where('team_id', '=', teamId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The workspaces installed for an org (OAuth installs), oldest first. */
export async function findInstallationsOfOrg(db: Db, box: SecretBox, orgId: string): Promise<SlackInstallation[]> {
  const rows = await db.selectFrom('slack_installations').selectAll().where('org_id', '=', orgId).orderBy('installed_at').execute();
  return rows.map((row) => installationOf(box, row));
}
