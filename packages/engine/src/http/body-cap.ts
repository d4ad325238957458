/**
 * How response body limits read in messages. The limit itself is enforced where
 * the body is collected (collect-response.ts).
 */

/** `10 MiB`, `512 KiB`, `300 bytes`: limits in messages read the way they were configured. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
