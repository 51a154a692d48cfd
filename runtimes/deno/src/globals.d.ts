/** The few Deno globals this runtime's code uses (not the whole of `lib.deno`). */
declare const Deno: {
  readonly version: { readonly deno: string; readonly v8: string };
  readonly stdin: { readonly readable: ReadableStream<Uint8Array> };
  readonly stdout: { writeSync(data: Uint8Array): number };
  exit(code?: number): never;
};
