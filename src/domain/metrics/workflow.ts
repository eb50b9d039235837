/** Workflow categories of tool calls; see docs/metrics.md "Workflows". */
export const WORKFLOWS = ['code_generation', 'debugging', 'code_review', 'documentation', 'other'] as const;
export type Workflow = (typeof WORKFLOWS)[number];

/** Lower-case tool names per category (Claude Code and Gemini CLI built-in tools). */
export const WORKFLOW_TOOL_NAMES: Record<Exclude<Workflow, 'other'>, readonly string[]> = {
  code_generation: ['edit', 'multiedit', 'write', 'notebookedit', 'write_file', 'replace'],
  debugging: ['bash', 'bashoutput', 'killshell', 'killbash', 'run_shell_command'],
  code_review: ['read', 'grep', 'glob', 'ls', 'read_file', 'read_many_files', 'search_file_content', 'list_directory'],
  documentation: ['webfetch', 'websearch', 'web_fetch', 'google_web_search'],
};

function isWorkflow(value: string): value is Workflow {
  return (WORKFLOWS as readonly string[]).includes(value);
}

/** The category of one tool call: an explicit `workflow` attribute first, then the tool name. */
export function classifyWorkflow(toolName: string | null, workflowAttribute?: string | null): Workflow {
  const explicit = workflowAttribute?.trim().toLowerCase().replaceAll(/[\s-]+/g, '_');
  if (explicit && isWorkflow(explicit)) return explicit;
  const name = toolName?.trim().toLowerCase() ?? '';
  for (const [workflow, names] of Object.entries(WORKFLOW_TOOL_NAMES)) {
    if (names.includes(name)) return workflow as Workflow;
  }
  return 'other';
}
