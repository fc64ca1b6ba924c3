/**
 * The one function this app uses from @tensorflow/tfjs-backend-wasm. The package reaches the app
 * through @olrd/tensor (see vite.config.ts), so TypeScript cannot see its own declarations here.
 */
declare module '@tensorflow/tfjs-backend-wasm' {
  export function setWasmPaths(
    prefixOrFileMap: string | Record<string, string>,
    usePlatformFetch?: boolean,
  ): void;
}
