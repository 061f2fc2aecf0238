/**
 * Whether `pid` names a running process, for the files that record their writer's pid (the
 * server lock, the data-dir owner's description, atomic writers' side files). Signal 0 checks
 * without signalling. EPERM (another user's process) and any other doubt count as alive: the
 * callers then keep a file or wait, which is the safe side. Not a positive integer: not a
 * process (`kill(0)` and negative pids would address process groups).
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
