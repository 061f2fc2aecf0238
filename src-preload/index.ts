// The single CommonJS preload bundle (sandboxed: it can require only `electron`).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('hookbay', createBridge(ipcRenderer));
