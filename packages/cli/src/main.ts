/** Runs the loom command line; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.stdout.write(`loom ${argv.join(' ')}\n`);
  return 0;
}
