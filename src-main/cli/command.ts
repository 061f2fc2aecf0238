import type { CommandSpec, FlagValues } from './flags';
import type { CliRuntime } from './server-flags';

export interface CommandContext {
  values: FlagValues;
  positionals: string[];
  runtime: CliRuntime;
  env: NodeJS.ProcessEnv;
}

/** One `hookbay <name>` command: its flag table (help, env, docs) and what it does. */
export interface Command {
  spec: CommandSpec;
  run(ctx: CommandContext): Promise<void>;
}
