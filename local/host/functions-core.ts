/**
 * Our implementation of `@azure/functions-core`, the module the Azure Functions Node worker
 * hands to `@azure/functions`. With it installed, the real library registers functions here
 * exactly as it does under the worker, and invocations go through the library's own
 * programming model (RPC-shaped inputs in, RPC-shaped outputs back).
 */
import Module from 'node:module';

export interface BindingMetadata {
  readonly type: string;
  readonly direction: 'in' | 'out';
  readonly name?: string;
  readonly [property: string]: unknown;
}

export interface FunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface RegisteredFunction {
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
  readonly trigger: BindingMetadata;
}

/** The part of the library's ProgrammingModel the host drives. */
export interface ProgrammingModel {
  readonly name: string;
  readonly version: string;
  getInvocationModel(coreContext: CoreInvocationContext): InvocationModel;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<InvocationResponse>;
}

export interface InvocationResponse {
  readonly invocationId?: string;
  readonly returnValue?: RpcTypedData | null;
  readonly outputData?: ReadonlyArray<{ name: string; data: RpcTypedData }>;
}

export interface RpcTypedData {
  readonly string?: string;
  readonly json?: string;
  readonly bytes?: Uint8Array;
  readonly http?: RpcHttpData;
}

export interface RpcHttpCookie {
  readonly name: string;
  readonly value: string;
  readonly domain?: { value?: string } | null;
  readonly path?: { value?: string } | null;
  readonly expires?: { value?: { seconds?: number | string } } | null;
  readonly secure?: { value?: boolean } | null;
  readonly httpOnly?: { value?: boolean } | null;
  readonly sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone';
  readonly maxAge?: { value?: number } | null;
}

export interface RpcHttpData {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly params?: Record<string, string>;
  readonly body?: RpcTypedData;
  readonly statusCode?: string;
  readonly cookies?: readonly RpcHttpCookie[];
}

export interface CoreInvocationContext {
  readonly invocationId: string;
  readonly metadata: FunctionMetadata;
  readonly request: {
    readonly inputData: ReadonlyArray<{ name: string; data: RpcTypedData }>;
    readonly triggerMetadata: Record<string, RpcTypedData>;
  };
  state?: string;
  log(level: string, category: string, message: string): void;
}

export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';
export type HookCallback = (context: Record<string, unknown>) => unknown;

export interface AppRegistry {
  readonly functions: Map<string, RegisteredFunction>;
  readonly hooks: Map<HookName, HookCallback[]>;
  programmingModel?: ProgrammingModel;
  log: (level: string, category: string, message: string) => void;
}

export function createRegistry(): AppRegistry {
  return {
    functions: new Map(),
    hooks: new Map(),
    log: (level, category, message) => {
      if (category === 'system' && (level === 'debug' || level === 'trace' || level === 'information')) return;
      const line = `[${level}] ${message}`;
      if (level === 'error' || level === 'critical') console.error(line);
      else console.log(line);
    },
  };
}

function isTriggerType(type: string): boolean {
  return type.toLowerCase().endsWith('trigger');
}

/** The module object `require('@azure/functions-core')` returns while `registry` is active. */
function coreModuleFor(registry: AppRegistry): Record<string, unknown> {
  return {
    version: '3.10.1',
    registerFunction(metadata: FunctionMetadata, callback: FunctionCallback) {
      if (registry.functions.has(metadata.name)) {
        throw new Error(`A function named "${metadata.name}" is already registered`);
      }
      const trigger = Object.values(metadata.bindings).find((binding) => isTriggerType(binding.type));
      if (!trigger) throw new Error(`Function "${metadata.name}" has no trigger binding`);
      registry.functions.set(metadata.name, { metadata, callback, trigger });
      return { dispose: () => registry.functions.delete(metadata.name) };
    },
    registerHook(name: HookName, callback: HookCallback) {
      const list = registry.hooks.get(name) ?? [];
      list.push(callback);
      registry.hooks.set(name, list);
      return { dispose: () => list.splice(list.indexOf(callback), 1) };
    },
    setProgrammingModel(model: ProgrammingModel) {
      registry.programmingModel = model;
    },
    getProgrammingModel() {
      return registry.programmingModel;
    },
    log(level: string, category: string, message: string) {
      registry.log(level, category, message);
    },
  };
}

let active: Record<string, unknown> | undefined;
let installed = false;

/**
 * Makes `require('@azure/functions-core')` resolve to `registry`'s module. Node's CommonJS
 * loader is the seam: the library loads the worker's module with a plain require.
 */
export function installFunctionsCore(registry: AppRegistry): void {
  active = coreModuleFor(registry);
  if (installed) return;
  installed = true;
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = loader._load;
  loader._load = function load(request: string, ...rest: unknown[]) {
    if (request === '@azure/functions-core' && active) return active;
    return originalLoad.call(this, request, ...rest);
  };
}
