export declare const CHECK_STEPS: string[];
export declare function runSteps(
  steps: string[],
  runStep: (step: string) => Promise<number>,
): Promise<{ step: string; code: number | null }[]>;
export declare function summaryLines(results: { step: string; code: number | null }[]): string[];
