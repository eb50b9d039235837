/** A Slack workspace connected to an Uptake org, with the bot token to act in it. */
export interface Workspace {
  orgId: string;
  botToken: string;
  botUserId: string | null;
  botId: string | null;
}

/** Finds the workspace a request came from (single-workspace config, or stored OAuth installations). */
export interface WorkspaceDirectory {
  find(teamId: string): Promise<Workspace | null>;
}

/** Single-workspace mode: the one bot token and org from config answer for the app's workspace. */
export function singleWorkspace(botToken: string, orgId: string): WorkspaceDirectory {
  return { find: async () => ({ orgId, botToken, botUserId: null, botId: null }) };
}

/** Stored installations first, then the configured single workspace (if any). */
export function firstWorkspace(...directories: WorkspaceDirectory[]): WorkspaceDirectory {
  return {
    async find(teamId) {
      for (const directory of directories) {
        const found = await directory.find(teamId);
        if (found) return found;
      }
      return null;
    },
  };
}
