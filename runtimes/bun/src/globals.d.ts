/** The few Bun globals this runtime's code uses (not the whole of `bun-types`). */
declare const Bun: {
  readonly version: string;
  readonly revision: string;
  readonly stdin: { text(): Promise<string> };
};
declare const process: {
  readonly stdout: { write(data: string): boolean };
  exitCode: number | undefined;
};
