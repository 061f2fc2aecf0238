export type InstalledElectron = { path: string } | { missing: 'package' | 'binary'; detail: string };
export function installedElectron(root: string): InstalledElectron;
export function installedElectronVersion(root: string): string | null;
