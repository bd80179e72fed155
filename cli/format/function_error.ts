/** Turns a failed supabase-js `functions.invoke` into a message for people. */

/** One line per problem, under a line naming the function and the status. */
export async function describeFunctionError(fn: string, error: unknown): Promise<string> {
  const context = (error as { context?: unknown })?.context;
  if (context instanceof Response) {
    let detail = "";
    try {
      const body = await context.clone().json() as {
        error?: string;
        message?: string;
        problems?: { field: string; message: string }[];
      };
      detail = body.error ?? body.message ?? "";
      for (const p of body.problems ?? []) detail += `\n  - ${p.field}: ${p.message}`;
    } catch {
      detail = (await context.text().catch(() => "")).slice(0, 500);
    }
    return `${fn} answered ${context.status}${detail ? `: ${detail}` : ""}`;
  }
  return `${fn} could not be called: ${error instanceof Error ? error.message : String(error)}`;
}
