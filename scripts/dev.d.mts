export declare function isOfflineFailure(output: string): boolean;
export declare function run(
  command: string,
  args: string[],
  options?: {
    env?: NodeJS.ProcessEnv;
    input?: string;
    timeoutMs?: number;
    onOutput?: (chunk: Buffer) => void;
  },
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean }>;
export declare function webAddress(env?: Record<string, string | undefined>): { host: string; port: number; url: string };
