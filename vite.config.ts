/**
 * Builds the renderer (React UI) into out/renderer. Relative base so the same files load
 * from file:// in the desktop app and from the local web host.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Keep everything in files: the CSP forbids inline scripts and data: scripts.
    assetsInlineLimit: 0,
  },
});
