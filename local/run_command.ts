/** Runs a program to completion; the local stack's one way of calling other programs. */

/** What a finished command left behind. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for {@link runCommand}. */
export interface RunOptions {
  /** Run as this system user (via runuser) when the current user is root. */
  asUser?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Throw with the command's output when it exits non-zero (default true). */
  check?: boolean;
}

/** True when this process runs as root. */
export function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Runs `cmd args…` and returns its exit code and output. */
export async function runCommand(cmd: string, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  const [program, programArgs] = opts.asUser && isRoot()
    ? ["runuser", ["-u", opts.asUser, "--", cmd, ...args]]
    : [cmd, args];
  const output = await new Deno.Command(program, {
    args: programArgs,
    cwd: opts.cwd,
    env: opts.env,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const result = {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
  if ((opts.check ?? true) && result.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${result.code}\n${result.stdout}${result.stderr}`);
  }
  return result;
}
