/** A registry address nothing listens on, for tests of what racelab does offline. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** `http://127.0.0.1:<port>` of a port that was free a moment ago: as if the network were down. */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
