/**
 * Real servers for tests come from Debian's packages (developers' guide: brokers, stores and
 * browsers are the system's, never downloaded). `ensureBinary` finds a server's binary; when it
 * is missing it installs the package with apt-get if it can (root on Debian), and otherwise
 * fails with the exact command to run. It never lets a test skip silently.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Debian's packages put daemons that are not on a user's PATH. */
const SYSTEM_DIRECTORIES = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/lib/rabbitmq/bin'];

/** How long an install may take (rabbitmq-server pulls in Erlang). */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

export interface SystemBinary {
  /** The executable's name, e.g. `redis-server`. */
  readonly name: string;
  /** The Debian package that provides it, e.g. `redis-server`. */
  readonly debianPackage: string;
}

/** The absolute path of `binary`, installing its Debian package first when it is missing and we may. */
export function ensureBinary(binary: SystemBinary): string {
  const found = findBinary(binary.name);
  if (found !== undefined) return found;
  const command = `apt-get update && apt-get install -y ${binary.debianPackage}`;
  if (!canInstall()) {
    throw new Error(`${binary.name} is not installed and this process cannot install it. Run:\n  sudo ${command}`);
  }
  // One install at a time across test workers: apt and dpkg hold exclusive locks.
  try {
    execFileSync(
      'flock',
      ['/tmp/loom-test-apt.lock', 'sh', '-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${binary.debianPackage}`],
      { stdio: 'pipe', timeout: INSTALL_TIMEOUT_MS },
    );
  } catch (error) {
    const { stderr } = error as { stderr?: Buffer };
    throw new Error(`installing ${binary.debianPackage} failed (${stderr?.toString().trim() || String(error)}). Run:\n  sudo ${command}`);
  }
  const installed = findBinary(binary.name);
  if (installed === undefined) throw new Error(`${binary.debianPackage} was installed but ${binary.name} is not found. Run:\n  sudo ${command}`);
  return installed;
}

function findBinary(name: string): string | undefined {
  const directories = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SYSTEM_DIRECTORIES];
  for (const directory of directories) {
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && findBinary('flock') !== undefined;
}
