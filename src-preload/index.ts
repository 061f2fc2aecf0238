// Placeholder: the narrow preload bridge is built with the Electron shell (#7).
export {};
